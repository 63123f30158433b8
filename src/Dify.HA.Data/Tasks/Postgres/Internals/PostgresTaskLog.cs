using Microsoft.Extensions.Logging;

namespace Dify.HA.Data.Tasks.Postgres.Internals;

/// <summary>The PostgreSQL task backend's log messages (source-generated). Connection strings never appear.</summary>
internal static partial class PostgresTaskLog
{
    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "Created the task table {Table} (or found it created by another instance)")]
    public static partial void TableEnsured(ILogger logger, string table);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "COMMIT of a lease of queue '{Queue}' had an unknown outcome: the tasks, if leased, are handed out again when their lease of {LeaseDuration} runs out")]
    public static partial void LeaseOutcomeUnknown(ILogger logger, string queue, TimeSpan leaseDuration, Exception exception);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Warning, Message = "COMMIT of {Operation} of task {TaskId} had an unknown outcome: checking and re-running it ({Why})")]
    public static partial void ResolvingUnknownCommit(ILogger logger, string operation, string taskId, string why, Exception exception);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Warning, Message = "Deleting forgotten completed tasks from {Table} failed; the next cleanup tries again")]
    public static partial void CleanupFailed(ILogger logger, string table, Exception exception);

    [LoggerMessage(EventId = 4604, Level = LogLevel.Debug, Message = "Deleted {Count} completed tasks whose idempotency-key retention ran out from {Table}")]
    public static partial void CleanedUp(ILogger logger, int count, string table);
}
