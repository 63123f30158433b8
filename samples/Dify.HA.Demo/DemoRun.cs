using Dify.HA.Demo.Clients;
using Dify.HA.Demo.Display;
using Dify.HA.Demo.Load;
using Dify.HA.Demo.Script;
using Spectre.Console;

namespace Dify.HA.Demo;

/// <summary>
/// One client through the script: the steady load runs from the first phase to the last, the script switches faults
/// on and off, the display follows; then the row of figures.
/// </summary>
internal sealed class DemoRun
{
    private static readonly TimeSpan LiveRefresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(1);

    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private readonly TimeProvider _time;
    private readonly TextWriter _lines;

    /// <param name="console">Where the live view and tables go.</param>
    /// <param name="lines">Where --no-live lines go: a plain writer, so long lines are not wrapped at the console's width.</param>
    /// <param name="live">Live view or plain lines.</param>
    /// <param name="time">The clock.</param>
    public DemoRun(IAnsiConsole console, TextWriter lines, bool live, TimeProvider time)
    {
        _console = console;
        _lines = lines;
        _live = live;
        _time = time;
    }

    public async Task<RunResult> RunAsync(IDemoClient client, IHealthView health, FaultScript script, TimeSpan duration, double rate, bool withWorkflow,
        Func<long?> duplicates, CancellationToken cancellationToken)
    {
        // One untimed call of each kind first: JIT, connection set-up and the emulator's first answers stay out of the
        // figures (on 2 busy cores they can take a second or two, a large share of a short script).
        foreach (var kind in withWorkflow ? [CallKind.StreamingChat, CallKind.BlockingChat, CallKind.StreamingWorkflow] : new[] { CallKind.StreamingChat, CallKind.BlockingChat })
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(LoadDriver.CallDeadline);
                await client.CallAsync(kind, $"{LoadDriver.QueryPrefix(client)}warm-up {kind}", "demo-warm-up", deadline.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failed warm-up call is not fatal: the run will show what is wrong
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
            }
        }

        var recorder = new LoadRecorder(_time);
        var driver = new LoadDriver(client, recorder, rate, withWorkflow, () => Math.Clamp(script.Current, 0, script.Phases.Count - 1), _time);
        var dashboard = new Dashboard(client.Name, script, recorder, health);
        var started = _time.GetTimestamp();

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = driver.RunAsync(stopLoad.Token);
        try
        {
            if (_live)
                await RunLiveAsync(script, duration, dashboard, cancellationToken).ConfigureAwait(false);
            else
                await RunPlainAsync(script, duration, dashboard, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Stop starting calls, then let those in flight finish (each within its own deadline): they count too.
            await stopLoad.CancelAsync().ConfigureAwait(false);
            await load.ConfigureAwait(false);
        }

        if (!_live)
            _lines.WriteLine(dashboard.Line());

        var records = recorder.Records.ToArray();
        var ok = records.Where(r => r.Success).ToArray();
        var down = records.Where(r => script.PrimaryDownPhases.Contains(r.Phase)).ToArray();
        return new RunResult(
            client.Name,
            records.Length,
            ok.Length,
            down.Length == 0 ? null : (double)down.Count(r => r.Success) / down.Length,
            Percentiles.Of(ok.Select(r => r.LatencyMs), 50),
            Percentiles.Of(ok.Select(r => r.LatencyMs), 99),
            health.Failovers,
            duplicates(),
            _time.GetElapsedTime(started));
    }

    // A Progress display is Spectre's live renderer with a bar per task; its render hook puts the dashboard above the
    // bars, so both refresh together 4×/s. (A Live display and a Progress display cannot run at the same time.)
    private Task RunLiveAsync(FaultScript script, TimeSpan duration, Dashboard dashboard, CancellationToken cancellationToken)
    {
        var progress = _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .UseRenderHook((bars, _) => new Rows(dashboard.Render(), bars));
        progress.RefreshRate = LiveRefresh;
        return progress.StartAsync(async context =>
        {
            var tasks = script.Phases.Select((p, i) => context.AddTask($"{i + 1}. {p.Name}", autoStart: true, maxValue: 100)).ToArray();
            var run = script.RunAsync(duration, cancellationToken);
            while (!run.IsCompleted)
            {
                Update();
                await Task.WhenAny(run, Task.Delay(LiveRefresh, _time, CancellationToken.None)).ConfigureAwait(false);
            }

            Update();
            await run.ConfigureAwait(false);

            void Update()
            {
                for (var i = 0; i < tasks.Length; i++)
                    tasks[i].Value = script.Progress(i) * 100;
            }
        });
    }

    private async Task RunPlainAsync(FaultScript script, TimeSpan duration, Dashboard dashboard, CancellationToken cancellationToken)
    {
        var run = script.RunAsync(duration, cancellationToken);
        var phase = -1;
        while (!run.IsCompleted)
        {
            if (script.Current != phase && script.Current >= 0 && script.Current < script.Phases.Count)
            {
                phase = script.Current;
                var p = script.Phases[phase];
                _lines.WriteLine($"== phase {phase + 1}/{script.Phases.Count}: {p.Name}: {p.Description}");
            }

            _lines.WriteLine(dashboard.Line());
            await Task.WhenAny(run, Task.Delay(LineEvery, _time, CancellationToken.None)).ConfigureAwait(false);
        }

        await run.ConfigureAwait(false);
    }
}
