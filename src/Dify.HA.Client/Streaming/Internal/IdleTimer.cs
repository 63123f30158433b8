namespace Dify.HA.Client.Streaming.Internal;

/// <summary>
/// The idle timeout of one stream: armed while a read is outstanding, disarmed while the consumer handles events,
/// so only time spent waiting for bytes counts. One timer for the whole stream (re-armed, not re-created).
/// </summary>
internal sealed class IdleTimer : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _outer;
    private CancellationTokenSource _timeout;
    private CancellationTokenSource? _linked;

    public IdleTimer(TimeSpan timeout, TimeProvider timeProvider, CancellationToken outer)
    {
        Timeout = timeout;
        _timeProvider = timeProvider;
        _outer = outer;
        (_timeout, _linked) = Create();
    }

    public TimeSpan Timeout { get; }

    /// <summary>Whether the timeout fired.</summary>
    public bool Expired => _timeout.IsCancellationRequested;

    /// <summary>Starts the countdown; returns the token for the read.</summary>
    public CancellationToken Arm()
    {
        _timeout.CancelAfter(Timeout);
        return _linked?.Token ?? _timeout.Token;
    }

    /// <summary>Stops the countdown after a read completed.</summary>
    public void Disarm()
    {
        if (_timeout.TryReset()) return;

        // The timer fired just as the data arrived: the data wins, start over with a fresh source.
        _linked?.Dispose();
        _timeout.Dispose();
        (_timeout, _linked) = Create();
    }

    public void Dispose()
    {
        _linked?.Dispose();
        _timeout.Dispose();
    }

    private (CancellationTokenSource Timeout, CancellationTokenSource? Linked) Create()
    {
        var timeout = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, _timeProvider);
        var linked = _outer.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(_outer, timeout.Token) : null;
        return (timeout, linked);
    }
}
