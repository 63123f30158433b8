using Microsoft.Extensions.Logging;

namespace Dify.HA.Data.Tasks.Internals;

/// <summary>The task worker's log messages (source-generated). Payloads are never logged.</summary>
internal static partial class TaskLog
{
    [LoggerMessage(1, LogLevel.Information, "Task worker for queue '{Queue}' started as {ConsumerId}: concurrency {Concurrency}, lease {Lease}, backend {Backend}.")]
    public static partial void Started(ILogger logger, string queue, string consumerId, int concurrency, TimeSpan lease, string backend);

    [LoggerMessage(2, LogLevel.Warning, "Task queue '{Queue}' uses the in-memory backend: it is NOT durable; tasks are lost when this process stops. Use the Redis or PostgreSQL backend for durability.")]
    public static partial void NotDurable(ILogger logger, string queue);

    [LoggerMessage(3, LogLevel.Warning, "Task {TaskId} of queue '{Queue}' failed attempt {Attempt}/{MaxAttempts} ({ErrorType}); retrying in {DelayMs:0} ms.")]
    public static partial void Retrying(ILogger logger, string taskId, string queue, int attempt, int maxAttempts, string errorType, double delayMs, Exception? exception);

    [LoggerMessage(4, LogLevel.Error, "Task {TaskId} of queue '{Queue}' dead-lettered after attempt {Attempt} ({Reason}, {ErrorType}): {Message}")]
    public static partial void DeadLettered(ILogger logger, string taskId, string queue, int attempt, string reason, string errorType, string message, Exception? exception);

    [LoggerMessage(5, LogLevel.Warning, "Task {TaskId} of queue '{Queue}': the lease was lost (another worker has the task now); this attempt's result is not acknowledged.")]
    public static partial void LeaseLost(ILogger logger, string taskId, string queue);

    [LoggerMessage(6, LogLevel.Warning, "Task backend call '{Operation}' failed for queue '{Queue}' ({ErrorType}); the worker carries on.")]
    public static partial void StoreFailed(ILogger logger, string operation, string queue, string errorType, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Task worker for queue '{Queue}' stopping: {Running} task(s) still running are given the shutdown timeout.")]
    public static partial void Stopping(ILogger logger, string queue, int running);

    [LoggerMessage(8, LogLevel.Information, "Task {TaskId} of queue '{Queue}' released to the queue at shutdown (attempt not counted).")]
    public static partial void Released(ILogger logger, string taskId, string queue);

    [LoggerMessage(9, LogLevel.Information, "Task worker for queue '{Queue}' stopped.")]
    public static partial void Stopped(ILogger logger, string queue);
}
