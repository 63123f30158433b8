using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dify.HA.Chaos.Clients;
using Dify.HA.Chaos.Reporting;
using Dify.HA.Chaos.Scenarios;
using Dify.HA.Testing;

namespace Dify.HA.Chaos.Load;

/// <summary>
/// Runs one client through one scenario on a topology of its own (so emulator counters belong to that client alone):
/// a closed loop of <see cref="LoadSettings.Concurrency"/> callers, the fault switched on when the warm-up share has
/// completed, the heal after the outage, then the row of figures.
/// </summary>
internal sealed class LoadRunner
{
    private readonly ChaosScenario _scenario;
    private readonly string _clientName;
    private readonly LoadSettings _settings;
    private readonly ConcurrentQueue<CallRecord> _records = new();
    private readonly Stopwatch _clock = new();
    private readonly TaskCompletionSource _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _failbackGate = new();
    private readonly Queue<bool> _postHealWindow = new();
    private int _next = -1;
    private int _completed;
    private double _faultMs = double.NaN;
    private double _healMs = double.NaN;
    private double? _failbackMs;
    private bool _failedOver;
    private volatile bool _stop;

    public LoadRunner(ChaosScenario scenario, string clientName, LoadSettings settings)
    {
        _scenario = scenario;
        _clientName = clientName;
        _settings = settings;
    }

    /// <summary>The clients of a default run.</summary>
    public static IReadOnlyList<string> ClientNames { get; } = ["dify-ha", "plain", "standard", "hedging"];

    /// <summary>Also accepted by <c>--client</c>: our client with the generation-retry opt-in.</summary>
    public static IReadOnlyList<string> ExtraClientNames { get; } = ["dify-ha-retry"];

    public async Task<ResultRow> RunAsync()
    {
        var ledger = new GenerationLedger();
        var topology = await DifyEmulatorTopology.StartAsync(_scenario.Regions, _scenario.EndpointsPerRegion, o =>
        {
            o.TokenDelay = _settings.TokenDelay;
            foreach (var app in o.Apps)
                app.AnswerFactory = ledger.Record;
        }).ConfigureAwait(false);
        await using (topology.ConfigureAwait(false))
        {
            var endpoints = new ChaosEndpoints([.. topology.Regions.Select(r => (IReadOnlyList<Uri>)[.. r.Endpoints.Select(e => e.BaseUrl)])]);
            var counters = new ClientCounters();
            var client = Create(_clientName, endpoints, counters);
            await using (client.ConfigureAwait(false))
            {
                _clock.Start();
                var controller = ControlFaultsAsync(topology);
                var callers = Enumerable.Range(0, _settings.Concurrency).Select(_ => Task.Run(() => CallerAsync(client, endpoints))).ToArray();
                await Task.WhenAll(callers).ConfigureAwait(false);
                _warmedUp.TrySetResult(); // a run too short to warm up still lets the controller finish
                _stop = true;
                await controller.ConfigureAwait(false);

                // Generations start in the emulator's background: wait until the ledger has seen them all.
                var deadline = Stopwatch.StartNew();
                while (ledger.Total < topology.AllEndpoints.Sum(e => e.Stats.GenerationsStarted) && deadline.Elapsed < TimeSpan.FromSeconds(2))
                    await Task.Delay(20).ConfigureAwait(false);

                return BuildRow(client, counters, ledger, topology);
            }
        }
    }

    private static IChaosClient Create(string name, ChaosEndpoints endpoints, ClientCounters counters) => name switch
    {
        "dify-ha" => new DifyHaChaosClient(endpoints, counters),
        "dify-ha-retry" => new DifyHaChaosClient(endpoints, counters, allowGenerationRetry: true),
        "plain" => new PlainChaosClient(endpoints, counters),
        "standard" => new StandardChaosClient(endpoints, counters),
        "hedging" => new HedgingChaosClient(endpoints, counters),
        _ => throw new ArgumentException($"Unknown client '{name}': use one of {string.Join(", ", ClientNames.Concat(ExtraClientNames))}.", nameof(name)),
    };

    private bool TimeBased => _scenario.OutageDuration is not null;

    private async Task ControlFaultsAsync(DifyEmulatorTopology topology)
    {
        await _warmedUp.Task.ConfigureAwait(false);
        if (_stop)
            return;
        if (_scenario.Inject is not null)
            await _scenario.Inject(topology).ConfigureAwait(false);

        // The measured phase starts here (fault on, or warm-up over in the healthy scenario): JIT and connection
        // set-up of the first calls stay out of the figures.
        Volatile.Write(ref _faultMs, _clock.Elapsed.TotalMilliseconds);
        if (_scenario.OutageDuration is not { } outage)
            return;
        await Task.Delay(outage).ConfigureAwait(false);
        foreach (var region in topology.Regions)
            await region.HealAsync().ConfigureAwait(false);
        Volatile.Write(ref _healMs, _clock.Elapsed.TotalMilliseconds);
    }

    private async Task CallerAsync(IChaosClient client, ChaosEndpoints endpoints)
    {
        var warmup = Math.Max(_settings.Concurrency, (int)(_settings.Requests * _settings.WarmupShare));
        var window = TimeBased ? _settings.FailbackWindow : _settings.LoadWindow;
        while (!_stop && _clock.Elapsed < window)
        {
            var i = Interlocked.Increment(ref _next);
            if (!TimeBased && i >= _settings.Requests + warmup)
                break;
            var kind = (i % 5) switch { 0 or 1 => CallKind.BlockingChat, 2 or 3 => CallKind.StreamingChat, _ => CallKind.StreamingWorkflow };
            var query = string.Create(CultureInfo.InvariantCulture, $"chaos {_scenario.Name} {_clientName} #{i}");
            var user = string.Create(CultureInfo.InvariantCulture, $"chaos-user-{i % 50}");
            var startMs = _clock.Elapsed.TotalMilliseconds;
            var context = new CallContext(Stopwatch.GetTimestamp());
            CallContext.Current = context;
            bool ok;
            using (var deadline = new CancellationTokenSource(_settings.CallDeadline))
            {
                try
                {
                    ok = await client.CallAsync(kind, query, user, context, deadline.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // every failure of a call is an outcome to count, not a harness error
                catch (Exception)
#pragma warning restore CA1031
                {
                    ok = false;
                }
            }

            CallContext.Current = null;
            var record = new CallRecord(kind, startMs, _clock.Elapsed.TotalMilliseconds, ok, ok ? context.FirstEventMs : null,
                context.Attempts, endpoints.RegionOf(context.ServedPort));
            _records.Enqueue(record);
            if (Interlocked.Increment(ref _completed) == warmup)
                _warmedUp.TrySetResult();
            if (TimeBased)
                TrackFailback(record);
            await Task.Delay(_settings.ThinkTime).ConfigureAwait(false);
        }
    }

    private void TrackFailback(CallRecord record)
    {
        var faultMs = Volatile.Read(ref _faultMs);
        var healMs = Volatile.Read(ref _healMs);
        lock (_failbackGate)
        {
            if (record.Success && record.ServedRegion > 0 && !double.IsNaN(faultMs) && record.EndMs >= faultMs)
                _failedOver = true;
            if (double.IsNaN(healMs))
                return;
            if (record.Success && record.StartMs >= healMs && _failbackMs is null)
            {
                _postHealWindow.Enqueue(record.ServedRegion == 0);
                if (_postHealWindow.Count > _settings.FailbackWindowCalls)
                    _postHealWindow.Dequeue();
                if (_postHealWindow.Count == _settings.FailbackWindowCalls
                    && _postHealWindow.Count(p => p) >= 0.9 * _settings.FailbackWindowCalls)
                    _failbackMs = record.EndMs - healMs;
            }

            // Stop once fail-back is seen, or soon after the heal for a client that never left the primary.
            if (_failbackMs is not null || (!_failedOver && _clock.Elapsed.TotalMilliseconds > healMs + 2000))
                _stop = true;
        }
    }

    private static double? SuccessRate(IEnumerable<CallRecord> records)
    {
        var list = records.ToArray();
        return list.Length == 0 ? null : Math.Round((double)list.Count(r => r.Success) / list.Length, 4);
    }

    private ResultRow BuildRow(IChaosClient client, ClientCounters counters, GenerationLedger ledger, DifyEmulatorTopology topology)
    {
        var measureFrom = Volatile.Read(ref _faultMs);
        var records = _records.Where(r => !double.IsNaN(measureFrom) && r.EndMs >= measureFrom).ToArray();
        var successes = records.Where(r => r.Success).ToArray();
        var faultMs = Volatile.Read(ref _faultMs);
        double? failover = null;
        if (_scenario.MeasuresFailover && !double.IsNaN(faultMs))
        {
            var first = successes.Where(r => r.ServedRegion > 0 && r.EndMs >= faultMs).Select(r => r.EndMs).DefaultIfEmpty(double.NaN).Min();
            if (!double.IsNaN(first))
                failover = Math.Round(first - faultMs, 1);
        }

        double? failback = null;
        lock (_failbackGate)
        {
            if (_failbackMs is { } ms && _failedOver)
                failback = Math.Round(ms / 1000, 2);
        }

        var note = client.Note;
        if (_scenario.OutageDuration is not null && _failedOver && failback is null)
            note = $"{_clientName}: no fail-back to ≥ 90% primary within the {_settings.FailbackWindow.TotalSeconds:0} s window (try --failback-window-s 90)";

        return new ResultRow
        {
            Scenario = _scenario.Name,
            Client = _clientName,
            Requests = records.Length,
            SuccessRate = records.Length == 0 ? 0 : Math.Round((double)successes.Length / records.Length, 4),
            SuccessRateStartedAfterFault = SuccessRate(records.Where(r => r.StartMs >= measureFrom)),
            P50Ms = Percentiles.Of(successes.Select(r => r.LatencyMs), 50),
            P99Ms = Percentiles.Of(successes.Select(r => r.LatencyMs), 99),
            P99FirstEventMs = Percentiles.Of(successes.Where(r => r.FirstEventMs is not null).Select(r => r.FirstEventMs!.Value), 99),
            AttemptsPerRequest = records.Length == 0 ? 0 : Math.Round((double)records.Sum(r => r.Attempts) / records.Length, 3),
            ClientRequestsTotal = counters.Attempts,
            DuplicateGenerations = ledger.Duplicates,
            FailoverMs = failover,
            FailbackS = failback,
            GenerationsStarted = topology.AllEndpoints.Sum(e => e.Stats.GenerationsStarted),
            ServerRequests = topology.AllEndpoints.Sum(e => e.Stats.Requests),
            Note = note,
        };
    }
}
