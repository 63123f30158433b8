using Dify.HA.Data.Postgres.Internals;
using NpgsqlTypes;

namespace Dify.HA.Data.Postgres;

/// <summary>
/// An ambient read-your-writes scope (flows with async calls, like a logging scope): writes made through
/// <see cref="PostgresRoutingDataSource"/> inside it record their commit LSN here, and reads inside it only go to a
/// standby that has replayed past that LSN. Begin one per request or per user action with
/// <see cref="PostgresRoutingDataSource.BeginSession"/>; dispose it to end it. Thread-safe.
/// </summary>
public sealed class PostgresSession : IDisposable
{
    private static readonly AsyncLocal<PostgresSession?> Ambient = new();
    private readonly PostgresSession? _outer;
    private readonly Lock _lock = new();
    private NpgsqlLogSequenceNumber? _lastWrite;
    private bool _pinned;
    private bool _disposed;

    internal PostgresSession(NpgsqlLogSequenceNumber? resumeFrom)
    {
        _lastWrite = resumeFrom;
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The session of the current async flow, or null.</summary>
    public static PostgresSession? Current => Ambient.Value;

    /// <summary>The LSN of the latest write committed in this session (a token you may carry to a later request), or null.</summary>
    public NpgsqlLogSequenceNumber? LastWriteLsn
    {
        get
        {
            lock (_lock) return _lastWrite;
        }
    }

    /// <summary>
    /// True when a write's LSN could not be read after its commit: every later read of the session goes to the primary
    /// (the safe answer when the token is unknown).
    /// </summary>
    public bool PinnedToPrimary
    {
        get
        {
            lock (_lock) return _pinned;
        }
    }

    /// <summary>Records a write's LSN (keeps the latest of all recorded).</summary>
    /// <param name="lsn">The commit LSN (<c>pg_current_wal_lsn()</c> after the commit).</param>
    public void Observe(NpgsqlLogSequenceNumber lsn)
    {
        lock (_lock) _lastWrite = LsnMath.Max(_lastWrite, lsn);
    }

    /// <summary>Ends the scope and restores the enclosing one.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (ReferenceEquals(Ambient.Value, this)) Ambient.Value = _outer;
    }

    internal void PinToPrimary()
    {
        lock (_lock) _pinned = true;
    }
}
