using Dify.HA.Client;
using Microsoft.Extensions.Logging;

namespace Dify.HA.WorkerService;

/// <summary>The sample's log messages (source-generated). None carries a key, a password or a connection string.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Started the Dify emulator in-process at {BaseUrl} (no Dify:Clients:kb:BaseUrl configured)")]
    public static partial void EmulatorStarted(ILogger logger, Uri baseUrl);

    [LoggerMessage(2, LogLevel.Information, "Indexing into Dify at {Host} with the {Backend} task backend")]
    public static partial void Starting(ILogger logger, string host, TaskBackend backend);

    [LoggerMessage(3, LogLevel.Information, "Dataset '{Name}' created: {DatasetId}")]
    public static partial void DatasetCreated(ILogger logger, string name, string? datasetId);

    [LoggerMessage(4, LogLevel.Information, "Dataset '{Name}' found: {DatasetId}")]
    public static partial void DatasetFound(ILogger logger, string name, string? datasetId);

    [LoggerMessage(5, LogLevel.Information, "Enqueued {Added} new tasks for {Count} documents (idempotency key = key + content hash: unchanged ones are not queued again)")]
    public static partial void Enqueued(ILogger logger, int added, int count);

    [LoggerMessage(6, LogLevel.Information, "{Key}: upsert {Outcome} (attempt {Attempt})")]
    public static partial void Upserted(ILogger logger, string key, DifyUpsertOutcome outcome, int attempt);

    [LoggerMessage(7, LogLevel.Information, "{Key}: indexed (attempt {Attempt})")]
    public static partial void Indexed(ILogger logger, string key, int attempt);

    [LoggerMessage(8, LogLevel.Warning, "{Key}: Dify's indexing ended in error; dead-lettering the task")]
    public static partial void IndexingFailed(ILogger logger, string key);

    [LoggerMessage(9, LogLevel.Warning, "{Key}: Dify rejected the document ({StatusCode} {Code}); dead-lettering the task")]
    public static partial void Rejected(ILogger logger, string key, int? statusCode, string code);

    [LoggerMessage(10, LogLevel.Warning, "{Key}: attempt {Attempt}/{MaxAttempts} failed ({Error}); the queue retries it (Dify's retry hint: {Hint})")]
    public static partial void AttemptFailed(ILogger logger, string key, int attempt, int maxAttempts, string error, TimeSpan? hint);

    [LoggerMessage(11, LogLevel.Information, "Health {Status}: {Entries}")]
    public static partial void Health(ILogger logger, string status, string entries);

    [LoggerMessage(12, LogLevel.Error, "Scanning or enqueueing the documents failed")]
    public static partial void ProducerFailed(ILogger logger, Exception exception);
}
