using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dify.HA.Client.Telemetry;
using Dify.HA.Demo.Options;

namespace Dify.HA.Demo.Display;

/// <summary>
/// The HA client's health as a user would watch it: a <see cref="MeterListener"/> on the client's public Meter
/// (<c>Dify.HA.Client</c>, names in <see cref="DifyRoutingTelemetry"/> and <see cref="DifyPipelineTelemetry"/>), exactly
/// what an OpenTelemetry exporter would see. No internal state is read. The demo has two clients (chat and workflow app),
/// each with its own view of the same endpoints; an endpoint is shown in the worse of the two states.
/// </summary>
internal sealed class HaTelemetryView : IHealthView, IDisposable
{
    private static readonly HashSet<string> Instruments = new(StringComparer.Ordinal)
    {
        DifyRoutingTelemetry.BreakerStateMetric,
        DifyRoutingTelemetry.EjectedMetric,
        DifyRoutingTelemetry.ProbeTransitionsMetric,
        DifyRoutingTelemetry.RegionHealthyCapacityMetric,
        DifyPipelineTelemetry.AttemptsMetric,
        DifyPipelineTelemetry.FailoversMetric,
    };

    private readonly MeterListener _listener = new();
    private readonly IReadOnlyList<(string Name, int Endpoints)> _regions;
    private readonly RateWindow _rates;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, int> _breaker = new(StringComparer.Ordinal);       // client|endpoint → 0 closed, 1 open, 2 half-open
    private readonly ConcurrentDictionary<string, int> _ejected = new(StringComparer.Ordinal);       // client|endpoint → 0/1
    private readonly ConcurrentDictionary<string, bool> _probeFailing = new(StringComparer.Ordinal); // client|endpoint → last verdict
    private readonly ConcurrentDictionary<string, double> _capacity = new(StringComparer.Ordinal);   // client|region → 0–1
    private readonly ConcurrentDictionary<string, long> _attempts = new(StringComparer.Ordinal);     // region → attempts
    private long _failovers;

    public HaTelemetryView(IReadOnlyList<(string Name, int Endpoints)> regions, TimeProvider time)
    {
        _regions = regions;
        _rates = new RateWindow(time);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DifyClientTelemetry.SourceName && Instruments.Contains(instrument.Name))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => OnMeasurement(i.Name, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i.Name, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i.Name, v, tags));
        _listener.Start();
    }

    public string Title => "as the HA client sees it (its Meter); traffic = attempts/s";

    // The counter has no client tag: it counts every HA client of the process (in the demo, its own two).
    public long? Failovers => Interlocked.Read(ref _failovers);

    public IReadOnlyList<RegionView> Read()
    {
        lock (_gate)
        {
            // Observable gauges are only measured when asked: this is the 4×/s poll.
            _listener.RecordObservableInstruments();
            var rates = _rates.Sample(new Dictionary<string, long>(_attempts, StringComparer.Ordinal));
            var views = new List<RegionView>(_regions.Count);
            for (var r = 0; r < _regions.Count; r++)
            {
                var (name, count) = _regions[r];
                var endpoints = new List<EndpointView>(count);
                for (var e = 0; e < count; e++)
                    endpoints.Add(Endpoint($"{name}/{e}"));
                // Worse of the two clients; 100 % before the first routing event creates the gauge (see Endpoint).
                var capacity = Clients().Select(c => _capacity.TryGetValue($"{c}|{name}", out var v) ? v : 1.0).Min();
                views.Add(new RegionView(name, r, capacity, endpoints, rates.GetValueOrDefault(name)));
            }

            return views;
        }
    }

    public void Dispose() => _listener.Dispose();

    private static IEnumerable<string> Clients() => [DemoDefaults.ChatClient, DemoDefaults.WorkflowClient];

    private EndpointView Endpoint(string id)
    {
        bool Any(ConcurrentDictionary<string, int> map, int value) => Clients().Any(c => map.TryGetValue($"{c}|{id}", out var v) && v == value);
        if (Clients().Any(c => _probeFailing.TryGetValue($"{c}|{id}", out var failing) && failing))
            return new EndpointView(id, "out · probing", "out", EndpointMood.Bad);
        if (Any(_ejected, 1))
            return new EndpointView(id, "ejected", "ejected", EndpointMood.Bad);
        if (Any(_breaker, 1))
            return new EndpointView(id, "breaker open", "open", EndpointMood.Bad);
        if (Any(_breaker, 2))
            return new EndpointView(id, "half-open", "half-open", EndpointMood.Recovering);
        // No gauge value yet also means healthy: the client creates its routing gauges with its first routing event
        // (a breaker transition, an ejection, a probe verdict), and until then nothing has gone wrong.
        return new EndpointView(id, "healthy", "ok", EndpointMood.Good);
    }

    private void OnMeasurement(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? client = null, region = null, endpoint = null, probe = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case DifyClientTelemetry.ClientNameTag: client = tag.Value?.ToString(); break;
                case DifyRoutingTelemetry.RegionTag: region = tag.Value?.ToString(); break;
                case DifyRoutingTelemetry.EndpointTag: endpoint = tag.Value?.ToString(); break;
                case DifyRoutingTelemetry.ProbeResultTag: probe = tag.Value?.ToString(); break;
            }
        }

        switch (instrument)
        {
            case DifyPipelineTelemetry.FailoversMetric:
                Interlocked.Add(ref _failovers, (long)value);
                return;
            case DifyPipelineTelemetry.AttemptsMetric when region is not null:
                _attempts.AddOrUpdate(region, (long)value, (_, n) => n + (long)value);
                return;
        }

        // The routing instruments are tagged by client: keep the demo's own (other HA clients may share the process).
        if (client is not (DemoDefaults.ChatClient or DemoDefaults.WorkflowClient))
            return;
        switch (instrument)
        {
            case DifyRoutingTelemetry.BreakerStateMetric when endpoint is not null:
                _breaker[$"{client}|{endpoint}"] = (int)value;
                break;
            case DifyRoutingTelemetry.EjectedMetric when endpoint is not null:
                _ejected[$"{client}|{endpoint}"] = (int)value;
                break;
            case DifyRoutingTelemetry.ProbeTransitionsMetric when endpoint is not null:
                _probeFailing[$"{client}|{endpoint}"] = probe == "unhealthy";
                break;
            case DifyRoutingTelemetry.RegionHealthyCapacityMetric when region is not null:
                _capacity[$"{client}|{region}"] = value;
                break;
        }
    }

    private void OnMeasurement(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => OnMeasurement(instrument, (double)value, tags);

    private void OnMeasurement(string instrument, int value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => OnMeasurement(instrument, (double)value, tags);
}
