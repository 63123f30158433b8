namespace Dify.HA.Testing.Knowledge;

/// <summary>A knowledge tag of the workspace and the datasets bound to it.</summary>
internal sealed class StoredTag
{
    public required Guid Id { get; init; }

    public required string Name { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public HashSet<Guid> DatasetIds { get; } = [];
}
