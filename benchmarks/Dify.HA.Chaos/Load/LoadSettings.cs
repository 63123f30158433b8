namespace Dify.HA.Chaos.Load;

/// <summary>The shape of the load, the same for every client and scenario (set from the command line).</summary>
internal sealed record LoadSettings
{
    /// <summary>Logical calls per client and scenario (failback runs on time instead). Default 400.</summary>
    public int Requests { get; init; } = 400;

    /// <summary>Concurrent callers (closed loop). Default 20.</summary>
    public int Concurrency { get; init; } = 20;

    /// <summary>
    /// The caller's own deadline per call; a call still running then counts as failed. Default 15 s: above every
    /// compared client's own per-attempt timeout (ours 10 s to response headers, the standard handler's 10 s), so that
    /// each client's timeouts, not the harness's, decide.
    /// </summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pause of each caller between its calls, so that the load spreads over time. Default 10 ms.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>No new call starts after this much load time (bounds black-hole runs). Default 30 s.</summary>
    public TimeSpan LoadWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Load time cap of the failback scenario (≈ 46 s after the heal; the scenario stays under 60 s). Default 50 s.</summary>
    public TimeSpan FailbackWindow { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>Share of <see cref="Requests"/> that completes before the fault is switched on. Default 10%.</summary>
    public double WarmupShare { get; init; } = 0.1;

    /// <summary>Successful calls (started after the heal) over which the primary's share is measured. Default 20.</summary>
    public int FailbackWindowCalls { get; init; } = 20;

    /// <summary>Emulator gap between streamed tokens, lowered from 5 ms so runs are fast. Default 1 ms.</summary>
    public TimeSpan TokenDelay { get; init; } = TimeSpan.FromMilliseconds(1);
}
