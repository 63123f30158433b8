namespace Dify.HA.Testing.Store;

/// <summary>An annotation (a question with a fixed answer).</summary>
internal sealed class StoredAnnotation
{
    public required Guid Id { get; init; }

    public required Guid AppId { get; init; }

    public required string Question { get; set; }

    public required string Answer { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int HitCount { get; set; }
}
