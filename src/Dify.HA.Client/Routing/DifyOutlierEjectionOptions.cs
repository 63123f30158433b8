namespace Dify.HA.Client.Routing;

/// <summary>
/// Outlier ejection: an endpoint that fails <see cref="ConsecutiveFailures"/> times in a row is taken out of selection for
/// <see cref="BaseEjectionTime"/> × the number of times it has been ejected (capped at <see cref="MaxEjectionTime"/>), so
/// a flapping endpoint stays out longer each time; never more than <see cref="MaxEjectionPercent"/> of the topology's
/// endpoints are ejected at once, so a bad signal cannot empty the pool. Unlike the breaker, an ejected endpoint gets
/// no trial call: it comes back when its time is up or when the health probe sees it healthy
/// (<see cref="DifyHealthProbeOptions.HealthyThreshold"/> successes).
/// </summary>
public sealed class DifyOutlierEjectionOptions
{
    /// <summary>False turns ejection off. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Failures in a row that eject the endpoint. Default 3 (below the breaker's 5, so ejection acts first and the
    /// breaker guards the endpoints the percentage cap keeps in); range 1 to 1000.
    /// </summary>
    public int ConsecutiveFailures { get; set; } = 3;

    /// <summary>The first ejection's length; the n-th lasts n × this. Default 30 s; range 100 ms to 1 h.</summary>
    public TimeSpan BaseEjectionTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest ejection. Default 300 s; range <see cref="BaseEjectionTime"/> to 24 h. After an endpoint has stayed in
    /// for this long without being ejected, its ejection count starts again from zero.
    /// </summary>
    public TimeSpan MaxEjectionTime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// The largest share of all the topology's endpoints that may be ejected at once, in percent; at least one endpoint
    /// may always be ejected when this is above 0. Default 50; range 0 to 100 (0 disables ejection, 100 allows all).
    /// </summary>
    public int MaxEjectionPercent { get; set; } = 50;

    /// <summary>
    /// False turns off ejection of latency outliers (see <see cref="LatencyFactor"/>). Default true. Latency outliers are
    /// ejected like failing endpoints: the same growing ejection time and the same <see cref="MaxEjectionPercent"/> cap.
    /// </summary>
    public bool LatencyEnabled { get; set; } = true;

    /// <summary>
    /// An endpoint is a latency outlier when its latency exceeds the larger of this factor × the median latency of the
    /// other endpoints of its region and that median + <see cref="LatencyFloor"/>: either its latency average over at least
    /// <see cref="LatencyMinimumSamples"/> answers, or the time its in-flight attempts have gone without any answer while a
    /// peer answered meanwhile (a slow or stuck endpoint is seen before its first slow answer returns). Regions of one
    /// endpoint have no peers and never eject on latency. Default 3; range 1.5 to 100.
    /// </summary>
    public double LatencyFactor { get; set; } = 3;

    /// <summary>
    /// The least an outlier must exceed its peers' median latency by, so that small absolute differences (5 ms vs 20 ms)
    /// never eject. Default 250 ms; range 0 to 1 min.
    /// </summary>
    public TimeSpan LatencyFloor { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Answers an endpoint needs (since it was last ejected) before its latency average may eject it; one long answer
    /// (a long generation) is not enough. Does not apply to in-flight attempts gone silent. Default 5; range 1 to 10 000.
    /// </summary>
    public int LatencyMinimumSamples { get; set; } = 5;
}
