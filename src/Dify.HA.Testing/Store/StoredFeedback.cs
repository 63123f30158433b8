namespace Dify.HA.Testing.Store;

/// <summary>A like or dislike on a message.</summary>
internal sealed class StoredFeedback
{
    public required Guid Id { get; init; }

    public required string Rating { get; set; }

    public string? Content { get; set; }

    public required Guid EndUserId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
