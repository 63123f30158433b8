namespace Dify.HA.Client.Routing;

/// <summary>
/// One attempt in flight on one endpoint, from <see cref="DifyEndpointState.BeginAttempt"/>: counts as outstanding until
/// completed or disposed. <see cref="Complete"/> records the outcome (latency average, breaker, ejection); disposing
/// without completing means the attempt was cancelled (by the caller, or a hedge that lost) and records nothing.
/// A class rather than a struct because it has a once-only state that copies of a struct would not share.
/// </summary>
internal sealed class EndpointAttempt : IDisposable
{
    private readonly DifyEndpointState _endpoint;
    private readonly bool _trial;
    private readonly long _startedTicks;
    private int _done;

    internal EndpointAttempt(DifyEndpointState endpoint, bool trial, long startedTicks)
    {
        _endpoint = endpoint;
        _trial = trial;
        _startedTicks = startedTicks;
    }

    /// <summary>The endpoint the attempt went to.</summary>
    public DifyEndpointState Endpoint => _endpoint;

    /// <summary>True when this attempt is a half-open breaker's trial call.</summary>
    public bool IsTrial => _trial;

    /// <summary>Records the attempt's outcome; only the first call (of this or <see cref="Dispose"/>) counts.</summary>
    /// <param name="outcome">What the attempt says about the endpoint (see <see cref="EndpointOutcomes"/>).</param>
    /// <param name="latency">Time to the answer (for a stream, to its headers or first event).</param>
    public void Complete(EndpointOutcome outcome, TimeSpan latency)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        _endpoint.OnAttemptCompleted(outcome, latency, _trial, _startedTicks);
    }

    /// <summary>Ends the attempt; if it was not completed, it counts as cancelled (no outcome recorded).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        _endpoint.OnAttemptAbandoned(_trial, _startedTicks);
    }
}
