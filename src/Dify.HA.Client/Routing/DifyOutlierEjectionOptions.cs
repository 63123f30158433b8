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
}
