using System.Diagnostics.Metrics;
using Dify.HA.Client.Telemetry;

namespace Dify.HA.Client.Tests.Resilience;

/// <summary>The signals the operations kit's alerts read: per-region attempt outcomes, failovers and calls (failed ones
/// with <c>error.type</c>), each tagged with the client's name, and the routing gauges from the first moment.</summary>
public sealed class PipelineMetricsTests
{
    private sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);

    /// <summary>Every measurement of the client's meter for one client name (tests run in parallel: names keep them apart).</summary>
    private static (MeterListener Listener, List<Measurement> Seen) Listen(string clientName)
    {
        var seen = new List<Measurement>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DifyClientTelemetry.SourceName) l.EnableMeasurementEvents(instrument);
            },
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags) dict[tag.Key] = tag.Value;
            if (dict.TryGetValue(DifyClientTelemetry.ClientNameTag, out var name) && (string?)name == clientName)
                lock (seen) seen.Add(new Measurement(instrument.Name, value, dict));
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.Start();
        return (listener, seen);
    }

    private static List<Measurement> Of(List<Measurement> seen, string instrument)
    {
        lock (seen) return seen.Where(m => m.Instrument == instrument).ToList();
    }

    [Fact]
    public async Task A_failover_is_seen_per_region_as_attempt_outcomes_and_per_client_as_a_failover_and_a_successful_call()
    {
        var name = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var (listener, seen) = Listen(name);
        using var _ = listener;
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1, clientName: name);
        await h.Topology.Regions[0].RefuseConnectionsAsync();

        await h.Client.Chat.SendAsync(PipelineHarness.Chat());

        var outcomes = Of(seen, DifyRoutingTelemetry.AttemptOutcomesMetric);
        var primary = h.Topology.Regions[0].Name;
        var backup = h.Topology.Regions[1].Name;
        Assert.Contains(outcomes, m => (string?)m.Tags[DifyRoutingTelemetry.RegionTag] == primary && (string?)m.Tags[DifyRoutingTelemetry.AttemptOutcomeTag] == "failure");
        Assert.Contains(outcomes, m => (string?)m.Tags[DifyRoutingTelemetry.RegionTag] == backup && (string?)m.Tags[DifyRoutingTelemetry.AttemptOutcomeTag] == "success");
        Assert.Equal(1, Of(seen, DifyPipelineTelemetry.FailoversMetric).Sum(m => m.Value));
        var call = Assert.Single(Of(seen, DifyPipelineTelemetry.RequestDurationMetric));
        Assert.False(call.Tags.ContainsKey(DifyPipelineTelemetry.ErrorTypeTag));
        Assert.Equal("sendChatMessage", call.Tags[DifyClientTelemetry.OperationTag]);
        Assert.All(Of(seen, DifyPipelineTelemetry.AttemptsMetric), m => Assert.NotNull(m.Tags[DifyPipelineTelemetry.RegionTag]));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.Chat.SendAsync(PipelineHarness.Chat(), cancelled.Token));
        Assert.Equal("canceled", Of(seen, DifyPipelineTelemetry.RequestDurationMetric)[^1].Tags[DifyPipelineTelemetry.ErrorTypeTag]);
    }

    [Fact]
    public async Task Failed_calls_are_recorded_with_their_error_type_blocking_and_streaming()
    {
        var name = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var (listener, seen) = Listen(name);
        using var _ = listener;
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 1, clientName: name);
        await h.Topology.Regions[0].RefuseConnectionsAsync();

        var blocking = await Assert.ThrowsAnyAsync<Exception>(() => h.Client.Chat.SendAsync(PipelineHarness.Chat()));
        var streaming = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat())) { }
        });
        // Every endpoint is out by now: a call fails fast, without an attempt, and still counts as a failed call.
        var failedFast = await Assert.ThrowsAsync<DifyNoHealthyEndpointException>(() => h.Client.Chat.SendAsync(PipelineHarness.Chat()));

        // error.type is the type of the exception the caller saw.
        var errorTypes = Of(seen, DifyPipelineTelemetry.RequestDurationMetric).Select(c => c.Tags[DifyPipelineTelemetry.ErrorTypeTag] as string).ToList();
        Assert.Equal([blocking.GetType().Name, streaming.GetType().Name, failedFast.GetType().Name], errorTypes);
    }

    [Fact]
    public void Second_histograms_advise_second_sized_buckets_so_exporters_do_not_use_millisecond_ones()
    {
        foreach (var histogram in new[] { PipelineMetrics.RequestDuration, PipelineMetrics.TimeToFirstEvent })
        {
            var buckets = histogram.Advice?.HistogramBucketBoundaries;
            Assert.NotNull(buckets);
            Assert.Contains(0.1, buckets);
            Assert.Contains(1.0, buckets);
            Assert.True(buckets![^1] >= 120, "long generations need buckets of minutes");
        }
    }

    [Fact]
    public async Task Routing_gauges_report_every_endpoint_before_the_first_call()
    {
        var name = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var (listener, seen) = Listen(name);
        using var _ = listener;
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 2, clientName: name);
        Assert.NotNull(h.Transport); // the client is built, nothing is sent

        listener.RecordObservableInstruments();

        var breakers = Of(seen, DifyRoutingTelemetry.BreakerStateMetric);
        Assert.Equal(4, breakers.Select(m => m.Tags[DifyRoutingTelemetry.EndpointTag]).Distinct().Count());
        Assert.All(breakers, m => Assert.Equal(0, m.Value));
        Assert.Equal(0, h.Total(e => e.Stats.GenerationsStarted));
    }
}
