namespace Dify.HA.Client.Routing;

/// <summary>
/// How an endpoint is chosen. Regions are tried by priority: a priority level whose healthy capacity (available weight ÷
/// total weight) is at least <see cref="SpillThreshold"/> takes all the traffic; below it, it keeps capacity ÷ threshold
/// of the traffic and the rest spills to the next level. Inside a level, power-of-two-choices picks the better of two
/// weighted random endpoints by latency average × (outstanding + 1). When nothing is available anywhere,
/// <see cref="PanicMode"/> uses every endpoint whose breaker admits a call. A level whose share grows (a healed primary)
/// gets its traffic back linearly over <see cref="FailbackRamp"/>, not all at once.
/// </summary>
public sealed class DifySelectionOptions
{
    /// <summary>
    /// The healthy capacity a priority level needs to take all of the traffic. Default 0.7 (a region of two endpoints
    /// with one down keeps ~71% and spills ~29%); range 0.01 to 1.
    /// </summary>
    public double SpillThreshold { get; set; } = 0.7;

    /// <summary>
    /// How long a level takes to go from no share to its full share after it heals (linear). Default 30 s;
    /// range 0 (at once) to 10 min. Losing share is always immediate.
    /// </summary>
    public TimeSpan FailbackRamp { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When no endpoint is available anywhere, use every endpoint that is neither already tried nor behind an open
    /// breaker (health probes and ejection may be wrong; the breaker fails fast on its own). False: select nothing,
    /// and the call fails fast. Default true.
    /// </summary>
    public bool PanicMode { get; set; } = true;

    /// <summary>
    /// The time constant of each endpoint's latency average (an exponentially weighted moving average that decays with
    /// time, and jumps up at once on a slower sample, so a slowing endpoint is avoided quickly). Default 10 s; range 100 ms to 10 min.
    /// </summary>
    public TimeSpan LatencyDecay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Throttle shedding: a priority level whose regions answer 429 <c>too_many_requests</c> (Dify's per-app, per-region
    /// concurrency cap) gives up this factor × its recent 429 ratio of its traffic to the next levels (at most
    /// <see cref="MaxThrottleShed"/>), without ejecting anything. Default 2 (a 25% 429 ratio sheds half the traffic);
    /// range 0 (off) to 10.
    /// </summary>
    public double ThrottleShedFactor { get; set; } = 2;

    /// <summary>
    /// The largest share of a level's traffic throttle shedding moves away. Below 1 so that the level keeps answering
    /// calls and the ratio can fall when the storm ends. Default 0.9; range 0 to 1.
    /// </summary>
    public double MaxThrottleShed { get; set; } = 0.9;

    /// <summary>
    /// The time constant over which a region's recent 429 ratio fades when no answers come (answers move it too: a 429
    /// at once, a normal answer slowly, so traffic comes back gradually rather than all at once). Default 10 s; range
    /// 100 ms to 10 min.
    /// </summary>
    public TimeSpan ThrottleCoolDown { get; set; } = TimeSpan.FromSeconds(10);
}
