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
}
