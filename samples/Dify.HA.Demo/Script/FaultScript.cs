using Dify.HA.Demo.Emulation;

namespace Dify.HA.Demo.Script;

/// <summary>
/// The scripted phases, run on a clock: each phase's fault is switched on as it begins, and the display reads where the
/// script is (<see cref="Current"/>, <see cref="Progress"/>). The same script runs against each client, so the rows of
/// the summary compare like with like.
/// </summary>
internal sealed class FaultScript
{
    private readonly TimeProvider _time;
    private long _start;
    private TimeSpan _duration;
    private volatile int _current = -1;

    private FaultScript(IReadOnlyList<ScriptPhase> phases, IReadOnlySet<int> primaryDownPhases, Func<Task> healAsync, TimeProvider time)
    {
        Phases = phases;
        PrimaryDownPhases = primaryDownPhases;
        HealAsync = healAsync;
        _time = time;
    }

    public IReadOnlyList<ScriptPhase> Phases { get; }

    /// <summary>The phases in which the primary region is down (none for a real Dify), for the summary's column.</summary>
    public IReadOnlySet<int> PrimaryDownPhases { get; }

    /// <summary>Switches every fault off (after the script, or when it is interrupted).</summary>
    public Func<Task> HealAsync { get; }

    /// <summary>The running phase (-1 before the start; <c>Phases.Count</c> after the end).</summary>
    public int Current => _current;

    /// <summary>
    /// warm-up → kill the primary region (eu-west refuses connections: a hard down, open connections cut) → black-hole one
    /// endpoint of the next region (us-east/0 accepts and never answers) → heal both (traffic fails back to eu-west).
    /// </summary>
    public static FaultScript ForEmulator(EmulatedDify dify, TimeProvider time)
    {
        var primary = dify.Topology.Regions[0];
        var backup = dify.Topology.Regions[1];
        var names = Options.DemoDefaults.RegionNames;
        async Task Heal()
        {
            await primary.HealAsync().ConfigureAwait(false);
            await backup.HealAsync().ConfigureAwait(false);
        }

        return new FaultScript(
        [
            new("warm-up", "all three regions healthy", 0.2, () => Task.CompletedTask),
            new("primary down", $"{names[0]} refuses connections (region hard down)", 0.3, () => primary.RefuseConnectionsAsync()),
            new("black hole", $"{names[0]} still down, and {names[1]}/0 accepts but never answers", 0.2, () =>
            {
                backup.Endpoints[0].Faults.BlackHole();
                return Task.CompletedTask;
            }),
            new("heal", $"both healed: traffic fails back to {names[0]}", 0.3, Heal),
        ], new HashSet<int> { 1, 2 }, Heal, time);
    }

    /// <summary>A real Dify: no faults, one phase of steady load.</summary>
    public static FaultScript SteadyLoad(TimeProvider time) =>
        new([new("steady load", "a real Dify: no faults injected", 1.0, () => Task.CompletedTask)], new HashSet<int>(), () => Task.CompletedTask, time);

    /// <summary>How far phase <paramref name="phase"/> has run, 0–1.</summary>
    public double Progress(int phase)
    {
        if (_current < 0)
            return 0;
        var elapsed = _time.GetElapsedTime(_start);
        var before = Phases.Take(phase).Sum(p => p.Share) * _duration;
        var length = Phases[phase].Share * _duration;
        return Math.Clamp((elapsed - before) / length, 0, 1);
    }

    /// <summary>Runs the phases over <paramref name="duration"/>; faults are healed at the end, even when cancelled.</summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        _duration = duration;
        _start = _time.GetTimestamp();
        try
        {
            var end = TimeSpan.Zero;
            for (var i = 0; i < Phases.Count; i++)
            {
                // A phase begins when its fault is in place (closing a region's listeners takes a moment): calls
                // started before that belong to the previous phase.
                await Phases[i].EnterAsync().ConfigureAwait(false);
                _current = i;
                end += Phases[i].Share * duration;
                var left = end - _time.GetElapsedTime(_start);
                if (left > TimeSpan.Zero)
                    await Task.Delay(left, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _current = Phases.Count;
            await HealAsync().ConfigureAwait(false);
        }
    }
}
