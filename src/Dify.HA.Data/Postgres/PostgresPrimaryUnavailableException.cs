namespace Dify.HA.Data.Postgres;

/// <summary>
/// No writable primary was found within <see cref="PostgresRoutingOptions.FailoverTimeout"/> (all hosts down or all
/// standbys, or, with Patroni configured, the only primary is not the Patroni leader).
/// </summary>
public sealed class PostgresPrimaryUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresPrimaryUnavailableException()
        : base("No writable PostgreSQL primary was found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message (never a connection string).</param>
    public PostgresPrimaryUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the last failure seen.</summary>
    /// <param name="message">The message (never a connection string).</param>
    /// <param name="innerException">The last failure seen while looking for the primary, if any.</param>
    public PostgresPrimaryUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
