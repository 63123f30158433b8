namespace Dify.HA.Data.Postgres;

/// <summary>
/// The connection failed while <c>COMMIT</c> was in flight: the transaction may or may not have committed, so it is
/// never retried automatically. Check whether the effect is there (or make the work idempotent) before doing it again.
/// </summary>
public sealed class PostgresCommitOutcomeUnknownException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresCommitOutcomeUnknownException()
        : base("The outcome of COMMIT is unknown: the connection failed while the commit was in flight.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message (never a connection string).</param>
    public PostgresCommitOutcomeUnknownException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure seen during COMMIT.</summary>
    /// <param name="message">The message (never a connection string).</param>
    /// <param name="innerException">The error raised while committing.</param>
    public PostgresCommitOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The host (<c>host:port</c>) the commit was sent to, when known.</summary>
    public string? Endpoint { get; init; }
}
