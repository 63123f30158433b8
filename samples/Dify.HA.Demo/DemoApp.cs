using System.Globalization;
using Dify.HA.Demo.Clients;
using Dify.HA.Demo.Display;
using Dify.HA.Demo.Emulation;
using Dify.HA.Demo.Options;
using Dify.HA.Demo.Script;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Dify.HA.Demo;

/// <summary>
/// The demo from arguments to exit code: options, then either three emulated regions with the fault script run once
/// against the HA client and once against a plain HttpClient, or a real Dify under steady load; the summary; the verdict.
/// </summary>
internal static class DemoApp
{
    public const int ExitOk = 0;
    public const int ExitBelowBound = 1;
    public const int ExitBadArguments = 2;
    public const int ExitInterrupted = 130;

    /// <summary>Runs the demo. <paramref name="environment"/> replaces the process's DIFY_DEMO_* variables (tests).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Live view, tables and messages.</param>
    /// <param name="lines">The --no-live lines (not wrapped at the console's width).</param>
    /// <param name="errors">Argument errors.</param>
    /// <param name="environment">Replaces DIFY_DEMO_* (null: the process's environment).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<DemoOutcome> RunAsync(string[] args, IAnsiConsole console, TextWriter lines, TextWriter errors,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        if (!DemoCommandLine.TryParse(args, out var values, out var help, out var parseError))
        {
            await errors.WriteLineAsync($"error: {parseError}").ConfigureAwait(false);
            await errors.WriteLineAsync(DemoCommandLine.Usage).ConfigureAwait(false);
            return new DemoOutcome(ExitBadArguments, []);
        }

        if (help)
        {
            await lines.WriteLineAsync(DemoCommandLine.Usage).ConfigureAwait(false); // a plain writer: no wrapping at 80 columns
            return new DemoOutcome(ExitOk, []);
        }

        var configuration = DemoOptionsLoader.BuildConfiguration(values, environment);
        var problems = new List<string>();
        if (DemoOptionsLoader.Load(configuration, problems) is not { } options)
        {
            foreach (var problem in problems)
                await errors.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            await errors.WriteLineAsync("Run with --help for the options.").ConfigureAwait(false);
            return new DemoOutcome(ExitBadArguments, []);
        }

        // Live only on a terminal that can redraw in place; redirected output and CI get plain lines.
        var live = options.Live ?? (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi);
        // Redirected output reports 80 columns: the summary table would wrap its headings. Nothing is lost by widening it.
        if (!live && console.Profile.Width < 120)
            console.Profile.Width = 120;
        try
        {
            var results = options.Emulated
                ? await RunEmulatedAsync(options, configuration, console, lines, live, cancellationToken).ConfigureAwait(false)
                : await RunRealAsync(options, configuration, console, lines, live, cancellationToken).ConfigureAwait(false);
            return Verdict(results, options, console);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine("Interrupted.");
            return new DemoOutcome(ExitInterrupted, []);
        }
    }

    private static async Task<IReadOnlyList<RunResult>> RunEmulatedAsync(DemoOptions options, IConfigurationRoot configuration, IAnsiConsole console, TextWriter lines, bool live,
        CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var dify = await EmulatedDify.StartAsync(cancellationToken).ConfigureAwait(false);
        await using (dify.ConfigureAwait(false))
        {
            console.MarkupLine($"[bold]Dify.HA demo[/]: three emulated Dify regions in this process, 2 endpoints each: {string.Join(", ", dify.Regions.Select(r => $"{r.Name} ({r.Endpoints.Count})"))}.");
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Load: {options.Rate:0.#} calls/s (streamed chat, blocking chat, streamed workflow); script of {options.Duration.TotalSeconds:0} s per client; then the same against a plain HttpClient.")));
            console.WriteLine();

            // The topology goes into the same configuration the defaults and overrides live in: the client binds it all.
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (client, key) in new[] { (DemoDefaults.ChatClient, EmulatedDify.ChatKey), (DemoDefaults.WorkflowClient, EmulatedDify.WorkflowKey) })
            {
                settings[$"{Dify.HA.Client.DifyClientOptions.ConfigurationSection}:{client}:ApiKey"] = key;
                DemoDefaults.AddTopology(settings, client, dify.Regions);
            }

            var clientConfiguration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
            var run = new DemoRun(console, lines, live, time);
            var results = new List<RunResult>();

            var ha = new HaDemoClient(clientConfiguration, withWorkflow: true);
            await using (ha.ConfigureAwait(false))
            {
                using var view = new HaTelemetryView([.. dify.Regions.Select(r => (r.Name, r.Endpoints.Count))], time);
                var prefix = Load.LoadDriver.QueryPrefix(ha);
                results.Add(await run.RunAsync(ha, view, FaultScript.ForEmulator(dify, time), options.Duration, options.Rate, withWorkflow: true,
                    () => dify.Ledger.Duplicates(prefix), cancellationToken).ConfigureAwait(false));
            }

            console.WriteLine();
            var plain = new PlainHttpBaseline(dify.PrimaryUrl, EmulatedDify.ChatKey, EmulatedDify.WorkflowKey);
            await using (plain.ConfigureAwait(false))
            {
                var prefix = Load.LoadDriver.QueryPrefix(plain);
                results.Add(await run.RunAsync(plain, new EmulatorFaultView(dify, time), FaultScript.ForEmulator(dify, time), options.Duration, options.Rate,
                    withWorkflow: true, () => dify.Ledger.Duplicates(prefix), cancellationToken).ConfigureAwait(false));
            }

            console.WriteLine();
            console.Write(SummaryTable.Build(results, emulated: true));
            console.MarkupLine("[grey]ok while primary down = calls started while eu-west was down (phases 2-3).[/]");
            console.MarkupLine("[grey]dify-ha's failures are calls already sent when a fault hit: a generation that may have started[/]");
            console.MarkupLine("[grey]is not re-sent unless Resilience:AllowGenerationRetry is on (it could be paid twice).[/]");
            return results;
        }
    }

    private static async Task<IReadOnlyList<RunResult>> RunRealAsync(DemoOptions options, IConfigurationRoot configuration, IAnsiConsole console, TextWriter lines, bool live,
        CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        // Each URL is a Dify deployment of its own (a region), in the order given: the first is the primary.
        var regions = options.Endpoints.Select((u, i) => (Name: string.Create(CultureInfo.InvariantCulture, $"dify-{i}"), Endpoints: (IReadOnlyList<Uri>)[u])).ToArray();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var withWorkflow = options.WorkflowKey is not null;
        settings[$"{Dify.HA.Client.DifyClientOptions.ConfigurationSection}:{DemoDefaults.ChatClient}:ApiKey"] = options.ApiKey;
        DemoDefaults.AddTopology(settings, DemoDefaults.ChatClient, regions);
        if (withWorkflow)
        {
            settings[$"{Dify.HA.Client.DifyClientOptions.ConfigurationSection}:{DemoDefaults.WorkflowClient}:ApiKey"] = options.WorkflowKey;
            DemoDefaults.AddTopology(settings, DemoDefaults.WorkflowClient, regions);
        }

        // Keys are never printed: only where the load goes.
        console.MarkupLine(Markup.Escape($"Dify.HA demo against {string.Join(", ", options.Endpoints)}: steady load, no faults injected{(withWorkflow ? "" : " (chat only: no --workflow-key)")}."));
        var clientConfiguration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
        var ha = new HaDemoClient(clientConfiguration, withWorkflow);
        await using (ha.ConfigureAwait(false))
        {
            using var view = new HaTelemetryView([.. regions.Select(r => (r.Name, 1))], time);
            var result = await new DemoRun(console, lines, live, time).RunAsync(ha, view, FaultScript.SteadyLoad(time), options.Duration, options.Rate, withWorkflow,
                () => null, cancellationToken).ConfigureAwait(false);
            console.WriteLine();
            console.Write(SummaryTable.Build([result], emulated: false));
            return [result];
        }
    }

    private static DemoOutcome Verdict(IReadOnlyList<RunResult> results, DemoOptions options, IAnsiConsole console)
    {
        var ha = results[0];
        var bound = Dashboard.Percent(options.MinSuccess);
        if (ha.Success >= options.MinSuccess)
        {
            console.MarkupLine(Markup.Escape($"dify-ha success {Dashboard.Percent(ha.Success)} ≥ {bound} (--min-success): exit code 0."));
            return new DemoOutcome(ExitOk, results);
        }

        console.MarkupLine(Markup.Escape($"dify-ha success {Dashboard.Percent(ha.Success)} is below {bound} (--min-success): exit code 1."));
        return new DemoOutcome(ExitBelowBound, results);
    }
}
