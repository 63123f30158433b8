namespace Dify.HA.Data.Tasks;

/// <summary>
/// Thrown by a handler to say the task can never succeed (bad input, a deleted resource): the task is dead-lettered
/// at once with this message instead of being retried.
/// </summary>
public class PermanentTaskException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public PermanentTaskException()
        : base("The task failed permanently.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the task cannot succeed (stored in the dead letter's history; no secrets).</param>
    public PermanentTaskException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the task cannot succeed (stored in the dead letter's history; no secrets).</param>
    /// <param name="innerException">The cause.</param>
    public PermanentTaskException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
