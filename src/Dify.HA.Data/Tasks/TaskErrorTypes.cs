namespace Dify.HA.Data.Tasks;

/// <summary>The <see cref="TaskAttemptError.Type"/> values the worker and the backends write themselves (handler exceptions use the exception's type name).</summary>
public static class TaskErrorTypes
{
    /// <summary>The handler ran longer than the task's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The payload could not be read as the queue's payload type (dead-lettered at once).</summary>
    public const string BadPayload = "bad_payload";

    /// <summary>The consumer's lease expired before it acknowledged the task (it died or stalled); the task was delivered again.</summary>
    public const string LeaseExpired = "lease_expired";

    /// <summary>The queue has no handler registered in this process.</summary>
    public const string NoHandler = "no_handler";
}
