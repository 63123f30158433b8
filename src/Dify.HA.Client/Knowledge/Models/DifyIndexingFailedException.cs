namespace Dify.HA.Client;

/// <summary>Raised by <c>Documents.WaitForIndexingAsync</c> when every document of the batch has stopped and at least
/// one did not complete (indexing <c>error</c>, or <c>paused</c> by a user).</summary>
public sealed class DifyIndexingFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DifyIndexingFailedException()
    {
        Statuses = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DifyIndexingFailedException(string message) : base(message)
    {
        Statuses = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DifyIndexingFailedException(string message, Exception? innerException) : base(message, innerException)
    {
        Statuses = [];
    }

    /// <summary>Creates the exception for a batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="statuses">The final statuses of its documents.</param>
    public DifyIndexingFailedException(string batch, IReadOnlyList<DifyDocumentIndexingStatus> statuses)
        : base(Describe(batch, statuses))
    {
        Batch = batch;
        Statuses = statuses;
    }

    /// <summary>The batch.</summary>
    public string? Batch { get; }

    /// <summary>The final statuses of the batch's documents (completed ones included).</summary>
    public IReadOnlyList<DifyDocumentIndexingStatus> Statuses { get; }

    private static string Describe(string batch, IReadOnlyList<DifyDocumentIndexingStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var failed = statuses.Where(s => s.IndexingStatus != DifyDocumentIndexingStates.Completed)
            .Select(s => $"{s.Id}: {s.IndexingStatus}{(string.IsNullOrEmpty(s.Error) ? string.Empty : $" ({s.Error})")}");
        return $"Indexing of batch {batch} did not complete: {string.Join("; ", failed)}. Fix the document (or resume it) and update it again.";
    }
}
