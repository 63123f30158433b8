namespace Dify.HA.Client;

/// <summary>The indexing progress of one document of a batch.</summary>
public sealed record DifyDocumentIndexingStatus
{
    /// <summary>The document id.</summary>
    public string? Id { get; init; }

    /// <summary><c>waiting</c>, <c>parsing</c>, <c>cleaning</c>, <c>splitting</c>, <c>indexing</c>, <c>paused</c>, <c>error</c> or <c>completed</c>.</summary>
    public string? IndexingStatus { get; init; }

    /// <summary>When processing started.</summary>
    public DateTimeOffset? ProcessingStartedAt { get; init; }

    /// <summary>When parsing ended.</summary>
    public DateTimeOffset? ParsingCompletedAt { get; init; }

    /// <summary>When cleaning ended.</summary>
    public DateTimeOffset? CleaningCompletedAt { get; init; }

    /// <summary>When splitting ended.</summary>
    public DateTimeOffset? SplittingCompletedAt { get; init; }

    /// <summary>When indexing completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When it was paused.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>The error, if indexing failed.</summary>
    public string? Error { get; init; }

    /// <summary>When it was stopped.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Chunks embedded so far.</summary>
    public int? CompletedSegments { get; init; }

    /// <summary>Chunks in all.</summary>
    public int? TotalSegments { get; init; }
}
