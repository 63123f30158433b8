using System.Collections.Concurrent;

namespace Dify.HA.Demo.Load;

/// <summary>
/// Collects finished calls (thread-safe; a few hundred a minute, so keeping them all is cheap) and answers the live
/// view's questions over a short trailing window, long enough at a few calls a second to say something (5 s).
/// </summary>
internal sealed class LoadRecorder
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<CallRecord> _records = new();
    private readonly TimeProvider _time;
    private readonly long _start;
    private int _inFlight;

    public LoadRecorder(TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Milliseconds since the run began.</summary>
    public double NowMs => _time.GetElapsedTime(_start).TotalMilliseconds;

    public IReadOnlyCollection<CallRecord> Records => _records;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Finished(CallRecord record)
    {
        _records.Enqueue(record);
        Interlocked.Decrement(ref _inFlight);
    }

    public LoadSnapshot Snapshot()
    {
        var now = NowMs;
        var from = Math.Max(0, now - Window.TotalMilliseconds);
        var all = _records.ToArray();
        var recent = all.Where(r => r.EndMs >= from).ToArray();
        var span = Math.Max(1, (now - from) / 1000);
        return new LoadSnapshot(
            RequestsPerSecond: recent.Length / span,
            RecentSuccess: recent.Length == 0 ? null : (double)recent.Count(r => r.Success) / recent.Length,
            RecentP99Ms: Percentiles.Of(recent.Where(r => r.Success).Select(r => r.LatencyMs), 99),
            Completed: all.Length,
            Succeeded: all.Count(r => r.Success),
            InFlight: InFlight);
    }
}
