namespace Dify.HA.Client.Routing;

/// <summary>
/// The circuit breaker of each endpoint. It opens when <see cref="ConsecutiveFailures"/> attempts in a row failed, OR
/// when at least <see cref="MinimumThroughput"/> attempts in the last <see cref="SamplingDuration"/> failed at a ratio of
/// <see cref="FailureRatio"/> or more. Both triggers are low on purpose: a low-traffic app must still stop calling a dead
/// endpoint (a breaker that needs 100 calls in 30 s never opens for it). An open breaker fails fast for
/// <see cref="BreakDuration"/>, then lets <see cref="HalfOpenTrials"/> trial call(s) through; a trial's success closes it.
/// Only <c>EndpointOutcome.Failure</c> counts (connection errors, timeouts, 5xx); caller errors (4xx) are neutral.
/// </summary>
public sealed class DifyCircuitBreakerOptions
{
    /// <summary>
    /// False turns the breaker off (the endpoint always admits calls; ejection and probing still apply). Default true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failures in a row that open the breaker whatever the traffic. Default 5; range 1 to 1000.</summary>
    public int ConsecutiveFailures { get; set; } = 5;

    /// <summary>
    /// The failure ratio (failures ÷ counted attempts in <see cref="SamplingDuration"/>) that opens the breaker once
    /// <see cref="MinimumThroughput"/> is reached. Default 0.5; range 0.01 to 1.
    /// </summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>
    /// The fewest counted attempts in <see cref="SamplingDuration"/> before <see cref="FailureRatio"/> is applied.
    /// Default 4; range 2 to 10000.
    /// </summary>
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>The window in which the failure ratio is measured (10 buckets). Default 30 s; range 1 s to 10 min.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker fails fast before a trial call. Default 10 s; range 100 ms to 10 min.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many trial calls a half-open breaker lets through at once; one success closes it, one failure opens it again.
    /// Default 1; range 1 to 100.
    /// </summary>
    public int HalfOpenTrials { get; set; } = 1;
}
