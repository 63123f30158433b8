namespace Dify.HA.Client.Routing;

/// <summary>What one attempt says about the health of the endpoint it went to.</summary>
/// <remarks>
/// Mapping used by the pipeline (see <see cref="EndpointOutcomes"/>): <see cref="Failure"/> for anything that shows the
/// endpoint (or the path to it) is unwell: connection refused or reset, DNS/TLS errors, timeouts, 5xx (including 502/503/504
/// from a proxy), a stream cut or gone idle. <see cref="Neutral"/> for answers a healthy server gives to a bad call:
/// 4xx such as 400/401/403/404/409/413/415, and 429 too. A 429 is Dify telling this app to slow down (its per-app
/// concurrency limit) from a perfectly healthy server: counting it would open breakers across a region during a
/// throttle storm and pour the storm onto the next region. The pipeline may still retry a 429 elsewhere.
/// </remarks>
internal enum EndpointOutcome
{
    /// <summary>The endpoint answered as a healthy endpoint does (2xx).</summary>
    Success,

    /// <summary>The endpoint failed (transient or ambiguous failure of the endpoint): counts towards breaker and ejection.</summary>
    Failure,

    /// <summary>A caller error (4xx, 429) that says nothing about the endpoint's health: counts for nothing but latency.</summary>
    Neutral,

    /// <summary>
    /// A 429 <c>too_many_requests</c>: the endpoint is healthy but its region's per-app concurrency cap is reached. Neutral for
    /// the breaker and ejection, no latency sample (a fast refusal must not make the endpoint look fast); it raises the
    /// region's throttle ratio, which sheds new calls to other priority levels for a while
    /// (<see cref="DifySelectionOptions.ThrottleShedFactor"/>).
    /// </summary>
    Throttled,
}
