using Npgsql;

namespace Dify.HA.Data.Postgres;

/// <summary>What one attempt of a unit of work passed to <c>ExecuteAsync</c> runs on.</summary>
public sealed class PostgresWorkContext
{
    internal PostgresWorkContext(NpgsqlConnection connection, NpgsqlTransaction? transaction, int attempt, string endpoint, bool onStandby)
    {
        Connection = connection;
        Transaction = transaction;
        Attempt = attempt;
        Endpoint = endpoint;
        OnStandby = onStandby;
    }

    /// <summary>The open connection of this attempt (do not close it; the router does).</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>
    /// For <see cref="DbIntent.Write"/>, the transaction the router began and will commit after the work returns (Npgsql
    /// runs every command of the connection in it; pass it to libraries that ask). Null for reads. Leave the commit to
    /// the router: that is what turns a failure during COMMIT into <see cref="PostgresCommitOutcomeUnknownException"/>
    /// (if the work commits or rolls back itself, the router does not commit again).
    /// </summary>
    public NpgsqlTransaction? Transaction { get; }

    /// <summary>1 for the first attempt, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The host this attempt runs on, as <c>host:port</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Whether this attempt runs on a standby.</summary>
    public bool OnStandby { get; }
}
