using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Resilience.Internal;

/// <summary>The pipeline's state of one logical call across its attempts.</summary>
internal sealed record CallState
{
    public CallState(DifyRequest request, bool allowAmbiguous, string? pinnedRegion, long started)
    {
        Request = request;
        AllowAmbiguous = allowAmbiguous;
        PinnedRegion = pinnedRegion;
        Started = started;
    }

    /// <summary>The request (replaced when a new conversation is started in a backup region).</summary>
    public DifyRequest Request { get; set; }

    /// <summary>Whether an ambiguous failure of a generation may be retried (per client or per call opt-in).</summary>
    public bool AllowAmbiguous { get; }

    /// <summary>The region the call must go to (affinity), or null.</summary>
    public string? PinnedRegion { get; set; }

    /// <summary>TimeProvider timestamp of the call's start (for the deadline).</summary>
    public long Started { get; }

    /// <summary>The overall bound of the call (Resilience:Deadline, and the client's Timeout for blocking calls).</summary>
    public TimeSpan Limit { get; init; }

    // The endpoints tried so far. The happy path tries one: it is kept in a field and the set is only allocated when a
    // second endpoint is tried or a retry asks which to exclude (a per-call HashSet showed in allocation profiles).
    private HaEndpoint? _firstTried;
    private HashSet<HaEndpoint>? _tried;

    /// <summary>The endpoints tried so far, or null when none was.</summary>
    public IReadOnlySet<HaEndpoint>? Tried
    {
        get
        {
            if (_tried is null && _firstTried is not null) _tried = [_firstTried];
            return _tried;
        }
    }

    public int TriedCount => _tried?.Count ?? (_firstTried is null ? 0 : 1);

    public void AddTried(HaEndpoint endpoint)
    {
        if (_tried is null)
        {
            if (_firstTried is null || ReferenceEquals(_firstTried, endpoint))
            {
                _firstTried = endpoint;
                return;
            }
            _tried = [_firstTried];
        }
        _tried.Add(endpoint);
    }

    /// <summary>The endpoint of the first attempt when it was chosen before the call started (see HaTransport.SendAsync).</summary>
    public HaEndpoint? Preselected { get; set; }

    public int Attempt { get; set; }

    public Exception? Last { get; set; }

    public HaEndpoint? LastEndpoint { get; set; }

    /// <summary>The last failure was ambiguous (and allowed): the next attempt may duplicate a generation.</summary>
    public bool Ambiguous { get; set; }

    /// <summary>A generation was re-sent after an ambiguous failure: marked on the following attempts.</summary>
    public bool GenerationRetried { get; set; }

    // Regions that answered this call 429 too_many_requests (Dify's per-app cap is per deployment, so the whole region is
    // throttled for this app). Allocated only on a throttle.
    private List<string>? _throttledRegions;

    /// <summary>Records that <paramref name="region"/> throttled this call (429 <c>too_many_requests</c>).</summary>
    public void AddThrottledRegion(string region)
    {
        _throttledRegions ??= new List<string>(2);
        if (!_throttledRegions.Contains(region)) _throttledRegions.Add(region);
    }

    /// <summary>Whether <paramref name="region"/> answered this call 429 <c>too_many_requests</c>.</summary>
    public bool IsThrottledRegion(string region) => _throttledRegions is { } list && list.Contains(region);
}
