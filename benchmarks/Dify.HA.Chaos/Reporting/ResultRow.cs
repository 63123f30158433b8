namespace Dify.HA.Chaos.Reporting;

/// <summary>One row of the table and of the <c>--json</c> array (one scenario × one client). Serialized snake_case.</summary>
internal sealed record ResultRow
{
    public required string Scenario { get; init; }

    public required string Client { get; init; }

    /// <summary>Logical calls made.</summary>
    public int Requests { get; init; }

    /// <summary>Share of calls that got a complete answer, 0–1.</summary>
    public double SuccessRate { get; init; }

    /// <summary>Success rate of the calls that started after the fault was on (leaves out the calls in flight when it hit,
    /// which a generation-safe client must not retry without opt-in).</summary>
    public double? SuccessRateStartedAfterFault { get; init; }

    /// <summary>Median latency of successful calls (start → complete answer), ms.</summary>
    public double? P50Ms { get; init; }

    /// <summary>99th percentile latency of successful calls, ms.</summary>
    public double? P99Ms { get; init; }

    /// <summary>99th percentile time to the first meaningful event of successful streaming calls, ms.</summary>
    public double? P99FirstEventMs { get; init; }

    /// <summary>HTTP requests the client sent on behalf of a measured call (counting handler: retries, hedges, re-attaches, refused ones), averaged.</summary>
    public double AttemptsPerRequest { get; init; }

    /// <summary>Σ over calls of max(0, generations the emulators started for the call − 1).</summary>
    public long DuplicateGenerations { get; init; }

    /// <summary>Fault → first success served by a backup region, ms; null when the scenario does not remove the primary
    /// or the client never got a backup answer.</summary>
    public double? FailoverMs { get; init; }

    /// <summary>Heal → the last <c>FailbackWindowCalls</c> successful calls started after the heal are ≥ 90% on the
    /// primary region, s; null when not applicable (no heal, or the client never failed over).</summary>
    public double? FailbackS { get; init; }

    /// <summary>Every HTTP request the client sent during the whole run (warm-up, probes and background calls included).</summary>
    public long ClientRequestsTotal { get; init; }

    /// <summary>Generations started on all emulators (Stats.GenerationsStarted summed).</summary>
    public long GenerationsStarted { get; init; }

    /// <summary>Requests the emulators received (Stats.Requests summed; refused connections are not among them).</summary>
    public long ServerRequests { get; init; }

    /// <summary>Caveat, or null.</summary>
    public string? Note { get; init; }
}
