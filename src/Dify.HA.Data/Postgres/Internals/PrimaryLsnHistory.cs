using NpgsqlTypes;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>
/// The primary's recent WAL positions with the time each was sampled. A standby's lag is estimated from it as the age
/// of the oldest sampled primary position the standby has not replayed yet: it needs no clock agreement between servers,
/// is zero when the standby has everything the primary had at the last sample, and grows when a standby stops
/// receiving (where <c>now() - pg_last_xact_replay_timestamp()</c> would read zero on an idle or cut-off standby).
/// Not thread-safe: used by the monitor under its lock.
/// </summary>
internal sealed class PrimaryLsnHistory
{
    private readonly (DateTimeOffset At, NpgsqlLogSequenceNumber Lsn)[] _ring;
    private int _start;
    private int _count;

    public PrimaryLsnHistory(int capacity = 256) => _ring = new (DateTimeOffset, NpgsqlLogSequenceNumber)[capacity];

    public int Count => _count;

    public NpgsqlLogSequenceNumber? Latest => _count == 0 ? null : _ring[(_start + _count - 1) % _ring.Length].Lsn;

    public void Clear()
    {
        _start = 0;
        _count = 0;
    }

    public void Add(DateTimeOffset at, NpgsqlLogSequenceNumber lsn)
    {
        if (_count > 0)
        {
            var last = _ring[(_start + _count - 1) % _ring.Length];
            if (lsn < last.Lsn)
            {
                Clear(); // a new primary on an older position (lost writes): the old history means nothing now
            }
            else if (lsn == last.Lsn)
            {
                return; // keep the first time this position was seen: that is when it became the primary's state
            }
        }

        if (_count == _ring.Length)
        {
            _start = (_start + 1) % _ring.Length;
            _count--;
        }

        _ring[(_start + _count) % _ring.Length] = (at, lsn);
        _count++;
    }

    /// <summary>
    /// The lag of a standby that has replayed up to <paramref name="replayed"/>, at <paramref name="now"/>: zero when it
    /// is at or past the latest sample, else the age of the oldest sample it has not reached; null with no history.
    /// </summary>
    public TimeSpan? LagOf(NpgsqlLogSequenceNumber replayed, DateTimeOffset now)
    {
        if (_count == 0) return null;
        for (var i = 0; i < _count; i++)
        {
            var (at, lsn) = _ring[(_start + i) % _ring.Length];
            if (lsn > replayed)
            {
                var age = now - at;
                return age > TimeSpan.Zero ? age : TimeSpan.Zero;
            }
        }

        return TimeSpan.Zero;
    }
}
