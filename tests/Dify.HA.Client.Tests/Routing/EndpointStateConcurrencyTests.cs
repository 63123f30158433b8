using System.Diagnostics.Metrics;
using Dify.HA.Client.Routing;
using Dify.HA.Client.Telemetry;

namespace Dify.HA.Client.Tests.Routing;

public class EndpointStateConcurrencyTests
{
    [Fact]
    public async Task Concurrent_attempts_leave_no_outstanding_count_behind()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o => o.OutlierEjection.Enabled = false, ("eu", 0, 3), ("us", 1, 2));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                var endpoint = topology.Selector.Select(default);
                if (endpoint is null) continue;
                using var attempt = endpoint.BeginAttempt();
                if (i % 3 == 0) continue; // cancelled
                attempt.Complete(i % 7 == 0 ? EndpointOutcome.Failure : EndpointOutcome.Success, TimeSpan.FromMilliseconds(i % 50));
            }
        })));

        Assert.All(topology.Endpoints, e => Assert.Equal(0, e.Outstanding));
    }

    [Fact]
    public void Completing_twice_or_disposing_after_completing_counts_once()
    {
        var endpoint = TestTopology.Build(TestTopology.Time(), null, ("eu", 0, 1)).Endpoints[0];
        var attempt = endpoint.BeginAttempt();

        attempt.Complete(EndpointOutcome.Success, TimeSpan.FromMilliseconds(5));
        attempt.Complete(EndpointOutcome.Failure, TimeSpan.FromMilliseconds(5));
        attempt.Dispose();

        Assert.Equal(0, endpoint.Outstanding);
        Assert.True(endpoint.IsAvailable);
    }

    [Fact]
    public void Selection_allocates_nothing()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 3), ("us", 1, 3));
        var exclude = new HashSet<DifyEndpointState> { topology.Endpoints[0] };
        var context = new EndpointSelectionContext(exclude, null);
        topology.Selector.Select(context); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) topology.Selector.Select(context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Ejections_and_breaker_transitions_are_counted_with_endpoint_tags()
    {
        var time = TestTopology.Time();
        var topology = DifyTopology.Create("metrics-test", new DifyClientOptions { ApiKey = TestTopology.ApiKey },
            TestTopology.Options(null, ("eu", 0, 2)), time);
        var seen = new List<(string Name, long Value, string? Endpoint, string? State)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DifyClientTelemetry.SourceName && instrument.Name.StartsWith("dify.client.endpoint.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? client = null, endpoint = null, state = null;
            foreach (var tag in tags)
            {
                if (tag.Key == DifyClientTelemetry.ClientNameTag) client = tag.Value as string;
                if (tag.Key == DifyRoutingTelemetry.EndpointTag) endpoint = tag.Value as string;
                if (tag.Key == DifyRoutingTelemetry.BreakerStateTag) state = tag.Value as string;
            }

            if (client == "metrics-test") lock (seen) seen.Add((instrument.Name, value, endpoint, state));
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == DifyClientTelemetry.ClientNameTag && (string?)tag.Value == "metrics-test")
                    lock (seen) seen.Add((instrument.Name, value, null, null));
            }
        });
        listener.Start();

        topology.Endpoints[1].Fail(5);
        listener.RecordObservableInstruments();

        lock (seen)
        {
            Assert.Contains(seen, s => s.Name == DifyRoutingTelemetry.EjectionsMetric && s.Endpoint == "eu/1" && s.Value == 1);
            Assert.Contains(seen, s => s.Name == DifyRoutingTelemetry.BreakerTransitionsMetric && s.Endpoint == "eu/1" && s.State == "open");
            Assert.Contains(seen, s => s.Name == DifyRoutingTelemetry.BreakerStateMetric && s.Value == 1);
        }
    }
}
