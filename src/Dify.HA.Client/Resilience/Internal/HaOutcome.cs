namespace Dify.HA.Client.Resilience.Internal;

/// <summary>What an attempt says about the endpoint's health (not about the call).</summary>
internal enum HaOutcome
{
    /// <summary>The endpoint answered well.</summary>
    Success,

    /// <summary>The endpoint failed (connection, timeout, 5xx, broken stream).</summary>
    Failure,

    /// <summary>Says nothing about the endpoint (a 4xx about the request, a caller's cancellation).</summary>
    Neutral,

    /// <summary>The endpoint answered 429 <c>too_many_requests</c>: healthy, but its region's per-app cap is reached. Not a
    /// failure for the breaker or ejection; the routing layer may use it to steer new calls away from the region for a while
    /// (an adapter that does not know it treats it as <see cref="Neutral"/>).</summary>
    Throttled,
}
