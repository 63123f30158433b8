namespace Dify.HA.Demo.Options;

/// <summary>What one run of the demo does. Built by <see cref="DemoOptionsLoader"/> from defaults, DIFY_DEMO_* and the command line.</summary>
internal sealed record DemoOptions
{
    /// <summary>Default <see cref="Duration"/>: one fault script per client; two clients ≈ a minute in all.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(25);

    /// <summary>Real Dify endpoints (…/v1), each its own region in the order given (first = primary). Empty (default): the in-process emulator.</summary>
    public IReadOnlyList<Uri> Endpoints { get; init; } = [];

    /// <summary>The chat app's key for a real Dify (required with <see cref="Endpoints"/>). Default: the emulator's <c>app-chat</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>A workflow app's key for a real Dify; null = the load is chat only. Default: the emulator's <c>app-workflow</c>.</summary>
    public string? WorkflowKey { get; init; }

    /// <summary>Length of the fault script of one client (default 25 s, range 4 s – 1 h); phases are shares of it.</summary>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>Calls started per second (default 8, range 0.5 – 200): modest, the machine may have 2 cores.</summary>
    public double Rate { get; init; } = 8;

    /// <summary>Exit code 1 when the HA client's success ratio is below this (default 0.97 = 97 %, range 0 – 1).</summary>
    public double MinSuccess { get; init; } = 0.97;

    /// <summary>True: live display; false: plain lines; null (default): live when the console is interactive.</summary>
    public bool? Live { get; init; }

    /// <summary>True when no endpoint was given: the demo plays Dify itself and runs the fault script.</summary>
    public bool Emulated => Endpoints.Count == 0;
}
