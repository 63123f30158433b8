namespace Dify.HA.Testing.Knowledge;

/// <summary>Where a document's indexing is at one instant (see <see cref="IndexingClock"/>).</summary>
internal readonly record struct IndexingProgress(
    string Status,
    DateTimeOffset? ProcessingStartedAt,
    DateTimeOffset? ParsingCompletedAt,
    DateTimeOffset? CleaningCompletedAt,
    DateTimeOffset? SplittingCompletedAt,
    DateTimeOffset? CompletedAt,
    string? Error,
    int CompletedSegments,
    int TotalSegments)
{
    public bool IsCompleted => Status == "completed";

    public bool IsError => Status == "error";
}
