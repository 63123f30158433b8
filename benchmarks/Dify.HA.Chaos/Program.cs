using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dify.HA.Chaos.Load;
using Dify.HA.Chaos.Reporting;
using Dify.HA.Chaos.Scenarios;

// Fault-scenario harness (issue 3, part 10). Every scenario runs the four clients side by side, each on a topology of
// its own, and prints one table. See docs/chaos.md.
const string Usage = """
    usage: dotnet run -c Release --project benchmarks/Dify.HA.Chaos -- [options]
      --scenario NAME     run one scenario (healthy, region-down, region-blackhole, slow-endpoint, error-burst,
                          throttle-storm, stream-cut, total-outage, failback); default: all
      --client NAME       run one client (dify-ha, plain, standard, hedging; or dify-ha-retry, ours with
                          Resilience:AllowGenerationRetry=true); default: the first four
      --json PATH         also write the rows as a JSON array
      --requests N        logical calls per client and scenario (default 400)
      --concurrency N     concurrent callers (default 20)
      --deadline-s N      the caller's deadline per call in seconds (default 15)
      --failback-window-s N  load time cap of the failback scenario (default 50, which keeps it under 60 s)
    """;

string? scenarioName = null, clientName = null, jsonPath = null;
var settings = new LoadSettings();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
    switch (args[i])
    {
        case "--scenario": scenarioName = Next(); break;
        case "--client": clientName = Next(); break;
        case "--json": jsonPath = Next(); break;
        case "--requests": settings = settings with { Requests = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--concurrency": settings = settings with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--deadline-s": settings = settings with { CallDeadline = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)) }; break;
        case "--failback-window-s": settings = settings with { FailbackWindow = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)) }; break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default: Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{Usage}"); return 2;
    }
}

IReadOnlyList<ChaosScenario> scenarios = ScenarioCatalog.All;
if (scenarioName is not null)
{
    if (ScenarioCatalog.Find(scenarioName) is not { } one)
    {
        Console.Error.WriteLine($"Unknown scenario '{scenarioName}'.\n{Usage}");
        return 2;
    }

    scenarios = [one];
}

var clients = LoadRunner.ClientNames;
if (clientName is not null)
{
    if (!clients.Concat(LoadRunner.ExtraClientNames).Contains(clientName, StringComparer.Ordinal))
    {
        Console.Error.WriteLine($"Unknown client '{clientName}'.\n{Usage}");
        return 2;
    }

    clients = [clientName];
}

var rows = new List<ResultRow>();
foreach (var scenario in scenarios)
{
    var watch = Stopwatch.StartNew();
    Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {scenario.Name}: {scenario.Description} …");
    var results = await Task.WhenAll(clients.Select(c => new LoadRunner(scenario, c, settings).RunAsync()));
    rows.AddRange(results);
    Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {scenario.Name}: done in {watch.Elapsed.TotalSeconds:0.0} s");
}

TableWriter.Write(Console.Out, rows);
if (jsonPath is not null)
{
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(rows, ChaosJsonContext.Default.ListResultRow));
    Console.Error.WriteLine($"wrote {rows.Count} rows to {jsonPath}");
}

return 0;
