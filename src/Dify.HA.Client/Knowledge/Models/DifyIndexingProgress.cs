namespace Dify.HA.Client;

/// <summary>Reported by <c>Documents.WaitForIndexingAsync</c> after each poll.</summary>
public sealed record DifyIndexingProgress
{
    /// <summary>The batch being waited for.</summary>
    public required string Batch { get; init; }

    /// <summary>The statuses of the batch's documents at this poll.</summary>
    public required IReadOnlyList<DifyDocumentIndexingStatus> Documents { get; init; }

    /// <summary>Chunks embedded so far, over all documents of the batch.</summary>
    public int CompletedSegments { get; init; }

    /// <summary>Chunks in all, over all documents of the batch (0 until Dify has split them).</summary>
    public int TotalSegments { get; init; }

    /// <summary>How many polls were made so far, this one included.</summary>
    public int Polls { get; init; }

    /// <summary>Time spent waiting so far (measured with the client's <see cref="TimeProvider"/>).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether this poll answered with Dify's knowledge rate limit (the helper waits it out).</summary>
    public bool RateLimited { get; init; }
}
