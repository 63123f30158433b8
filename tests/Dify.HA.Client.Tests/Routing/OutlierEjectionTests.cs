using Dify.HA.Client.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Routing;

public class OutlierEjectionTests
{
    // Breaker off, so that availability reflects ejection alone.
    private static DifyTopology Topology(FakeTimeProvider time, int endpoints = 4, Action<DifyOutlierEjectionOptions>? configure = null)
        => TestTopology.Build(time, o =>
        {
            o.CircuitBreaker.Enabled = false;
            configure?.Invoke(o.OutlierEjection);
        }, ("eu", 0, endpoints));

    [Fact]
    public void Endpoint_is_ejected_after_consecutive_failures_for_the_base_time()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];

        endpoint.Fail(2);
        Assert.False(endpoint.IsEjected);
        endpoint.Fail(1);

        Assert.True(endpoint.IsEjected);
        Assert.False(endpoint.IsAvailable);
        time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.True(endpoint.IsEjected);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(endpoint.IsEjected);
        Assert.True(endpoint.IsAvailable);
    }

    [Fact]
    public void A_success_resets_the_consecutive_failure_count()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];

        endpoint.Fail(2);
        endpoint.Record(EndpointOutcome.Success);
        endpoint.Fail(2);

        Assert.False(endpoint.IsEjected);
    }

    [Fact]
    public void Ejection_time_grows_with_each_ejection_and_is_capped()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time, configure: e => e.MaxEjectionTime = TimeSpan.FromSeconds(75)).Endpoints[0];
        var lengths = new List<double>();

        for (var round = 0; round < 4; round++)
        {
            endpoint.Fail(3);
            var seconds = 0;
            while (endpoint.IsEjected)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                seconds++;
            }

            lengths.Add(seconds);
        }

        Assert.Equal([30, 60, 75, 75], lengths);
        Assert.Equal(4, endpoint.TimesEjected);
    }

    [Fact]
    public void A_long_stretch_in_service_forgives_past_ejections()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        endpoint.Fail(3);
        time.Advance(TimeSpan.FromSeconds(30));
        endpoint.Fail(3); // second ejection: 60 s
        time.Advance(TimeSpan.FromSeconds(60));

        time.Advance(TimeSpan.FromMinutes(5)); // MaxEjectionTime in service
        endpoint.Fail(3);

        Assert.Equal(1, endpoint.TimesEjected);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(endpoint.IsEjected);
    }

    [Fact]
    public void No_more_than_the_max_ejection_percent_of_endpoints_is_ejected()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 4); // 50% of 4 = 2

        foreach (var endpoint in topology.Endpoints) endpoint.Fail(3);

        Assert.Equal(2, topology.Endpoints.Count(e => e.IsEjected));
        Assert.Equal(0.5, topology.Regions[0].HealthyCapacity);
    }

    [Fact]
    public void The_cap_frees_up_when_an_ejection_ends()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2); // 50% of 2 = 1
        topology.Endpoints[0].Fail(3);
        topology.Endpoints[1].Fail(3);
        Assert.False(topology.Endpoints[1].IsEjected);

        time.Advance(TimeSpan.FromSeconds(30));
        topology.Endpoints[1].Fail(3);

        Assert.True(topology.Endpoints[1].IsEjected);
    }

    [Fact]
    public void Neutral_outcomes_neither_eject_nor_reset_the_failure_count()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];

        endpoint.Fail(2);
        endpoint.Record(EndpointOutcome.Neutral);
        Assert.False(endpoint.IsEjected);
        endpoint.Fail(1);

        Assert.True(endpoint.IsEjected);
    }
}
