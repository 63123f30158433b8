namespace Dify.HA.Data.Idempotency;

/// <summary>The work of a key was still in progress elsewhere when <see cref="IdempotencyRunOptions.WaitTimeout"/> ran out.</summary>
public sealed class IdempotencyInProgressException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdempotencyInProgressException()
        : base("The work of this idempotency key is in progress elsewhere.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public IdempotencyInProgressException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdempotencyInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The key, when known.</summary>
    public string? Key { get; init; }
}
