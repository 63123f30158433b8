namespace Dify.HA.WebApi.Shutdown;

/// <summary>
/// The state of shutdown, shared by the readiness check, the drain service and the chat streams: whether it has begun,
/// and a token that ends the streams still running shortly before the host's shutdown budget runs out, so that each
/// gets a proper <c>error</c> event (<c>shutting_down</c>) and its Dify generation is stopped, instead of a connection
/// cut by Kestrel.
/// </summary>
internal sealed class ShutdownGate : IDisposable
{
    /// <summary>The most a stream is cut before the budget ends: time for its last event and its Dify stop call.</summary>
    public static readonly TimeSpan MaxStreamCutMargin = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _streamsDeadline = new();
    private ITimer? _timer;
    private int _draining;

    /// <summary>True once shutdown has begun.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>Cancelled when the chat streams still running must end (shortly before the shutdown budget runs out).</summary>
    public CancellationToken StreamsDeadline => _streamsDeadline.Token;

    /// <summary>Marks the start of shutdown and arms <see cref="StreamsDeadline"/>; true the first time only.</summary>
    /// <param name="shutdownTimeout">The host's whole shutdown budget, counted from now.</param>
    /// <param name="drainDelay">The part of it spent draining.</param>
    /// <param name="time">The clock.</param>
    public bool BeginDrain(TimeSpan shutdownTimeout, TimeSpan drainDelay, TimeProvider time)
    {
        if (Interlocked.Exchange(ref _draining, 1) == 1) return false;
        _timer = time.CreateTimer(CancelStreams, _streamsDeadline, StreamsDeadlineAfter(shutdownTimeout, drainDelay), Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>When the streams are ended, from the start of shutdown: the budget less a margin of at most
    /// <see cref="MaxStreamCutMargin"/> and at most half of what the streams get after the drain delay.</summary>
    public static TimeSpan StreamsDeadlineAfter(TimeSpan shutdownTimeout, TimeSpan drainDelay)
    {
        var streamsTime = shutdownTimeout - drainDelay;
        var margin = streamsTime / 2 < MaxStreamCutMargin ? streamsTime / 2 : MaxStreamCutMargin;
        return shutdownTimeout - (margin > TimeSpan.Zero ? margin : TimeSpan.Zero);
    }

    private static void CancelStreams(object? state)
    {
        try
        {
            ((CancellationTokenSource)state!).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The host was disposed first: nothing left to end.
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _streamsDeadline.Dispose();
    }
}
