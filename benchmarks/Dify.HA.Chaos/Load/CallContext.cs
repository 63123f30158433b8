using System.Diagnostics;

namespace Dify.HA.Chaos.Load;

/// <summary>
/// What one logical call did, filled in by the client (first event) and by <see cref="Clients.RecordingHandler"/>
/// (every HTTP attempt and the endpoint that answered). It travels with the call as an <see cref="AsyncLocal{T}"/>,
/// which flows into HttpClient handlers and into the hedging handler's parallel attempts alike.
/// </summary>
internal sealed class CallContext
{
    private static readonly AsyncLocal<CallContext?> CurrentSlot = new();
    private int _attempts;
    private int _servedPort;
    private long _firstEventTimestamp;

    public CallContext(long startTimestamp) => StartTimestamp = startTimestamp;

    /// <summary>The context of the call running on this async flow, if any.</summary>
    public static CallContext? Current
    {
        get => CurrentSlot.Value;
        set => CurrentSlot.Value = value;
    }

    public long StartTimestamp { get; }

    /// <summary>HTTP requests the client sent for this call (retries, hedges, re-attaches, stops included).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Port of the last endpoint that answered 2xx headers (0 = none).</summary>
    public int ServedPort => Volatile.Read(ref _servedPort);

    /// <summary>Milliseconds from the start of the call to the first meaningful stream event, or null.</summary>
    public double? FirstEventMs
    {
        get
        {
            var t = Interlocked.Read(ref _firstEventTimestamp);
            return t == 0 ? null : Stopwatch.GetElapsedTime(StartTimestamp, t).TotalMilliseconds;
        }
    }

    public void OnAttempt() => Interlocked.Increment(ref _attempts);

    public void OnServed(int port) => Volatile.Write(ref _servedPort, port);

    /// <summary>Marks the first meaningful event (the first one wins).</summary>
    public void OnFirstEvent() => Interlocked.CompareExchange(ref _firstEventTimestamp, Stopwatch.GetTimestamp(), 0);
}
