namespace Dify.HA.Client.Routing;

/// <summary>
/// Active health probing: a background prober GETs every endpoint's health URL every <see cref="Interval"/>
/// (± <see cref="Jitter"/>, so many clients do not probe in step). <see cref="UnhealthyThreshold"/> failed probes in a row
/// take the endpoint out of selection; <see cref="HealthyThreshold"/> successful probes in a row bring it back (and end an
/// ejection early, and let an open breaker try a call at once). A probe succeeds on any 2xx within <see cref="Timeout"/>.
/// </summary>
public sealed class DifyHealthProbeOptions
{
    /// <summary>False turns probing off (endpoints are judged by real traffic only). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two probes of one endpoint. Default 5 s; range 100 ms to 10 min.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Each wait is <see cref="Interval"/> plus a uniformly random amount between −Jitter and +Jitter.
    /// Default 1 s; range 0 to <see cref="Interval"/> ÷ 2.
    /// </summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one probe may take before it counts as failed. Default 1 s (well under the interval: a health URL answers
    /// in milliseconds, and a black-holed endpoint is known sooner); range 50 ms to 1 min (and below <see cref="Interval"/>).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An endpoint whose in-flight attempts have had no answer for this long is probed at once instead of at its next
    /// interval; a failed probe while they are still silent (this + <see cref="Timeout"/> in all) takes it out at once
    /// (without waiting for <see cref="UnhealthyThreshold"/>): silent calls plus a silent health URL is a black hole, not
    /// a long generation (its probe succeeds) nor a slow endpoint (its calls end now and then). Default 1.5 s (above the
    /// gaps of an endpoint that answers every 2 s); 0 turns it off; otherwise 100 ms to 10 min.
    /// </summary>
    public TimeSpan StalledProbeAfter { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Successful probes in a row that readmit an endpoint. Default 2; range 1 to 100.</summary>
    public int HealthyThreshold { get; set; } = 2;

    /// <summary>Failed probes in a row that take an endpoint out. Default 2; range 1 to 100.</summary>
    public int UnhealthyThreshold { get; set; } = 2;

    /// <summary>
    /// The probe's path relative to an endpoint's base URL when the endpoint has no <see cref="DifyEndpointOptions.HealthUrl"/>.
    /// Default empty: <c>GET &lt;BaseUrl&gt;/</c>, i.e. <c>GET /v1/</c>, which Dify answers through nginx without a key.
    /// Relative, no leading slash, at most 256 characters.
    /// </summary>
    public string Path { get; set; } = string.Empty;
}
