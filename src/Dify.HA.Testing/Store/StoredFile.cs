namespace Dify.HA.Testing.Store;

/// <summary>An uploaded file.</summary>
internal sealed class StoredFile
{
    public required Guid Id { get; init; }

    public required Guid AppId { get; init; }

    public required Guid EndUserId { get; init; }

    public required string Name { get; init; }

    public required string Extension { get; init; }

    public required string MimeType { get; init; }

    public required byte[] Content { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
