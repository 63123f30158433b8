using Dify.HA.Client.Resilience.Internal;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Tests.Routing;

/// <summary>429 too_many_requests storms: a region-level throttle ratio sheds new calls to other priority levels for a
/// while, without opening breakers or ejecting endpoints.</summary>
public class ThrottleSheddingTests
{
    private static DifyTopology Topology(FakeTimeProvider time, Action<DifySelectionOptions>? configure = null, int regions = 2)
        => TestTopology.Build(time, o =>
        {
            o.Selection.FailbackRamp = TimeSpan.Zero;
            configure?.Invoke(o.Selection);
        }, regions == 2 ? [("eu", 0, 2), ("us", 1, 2)] : [("eu", 0, 2)]);

    // Half of the region's answers throttled, as in the chaos harness's throttle-storm.
    private static void Storm(DifyTopology topology, int answers = 60)
    {
        var region = topology.Regions[0];
        for (var i = 0; i < answers; i++)
            region.Endpoints[i % 2].Record(i % 2 == 0 ? EndpointOutcome.Throttled : EndpointOutcome.Success);
    }

    [Fact]
    public void A_throttle_storm_sheds_new_calls_to_the_next_priority_level()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        Assert.Equal(0, TestTopology.RegionCount(TestTopology.Distribution(topology, 200), "us"));

        Storm(topology);
        var shed = topology.Regions[0].ThrottleShed;
        var picks = TestTopology.Distribution(topology, 2000);

        Assert.InRange(topology.Regions[0].ThrottleRatio, 0.4, 0.9);
        Assert.InRange(shed, 0.8, 0.9); // 2 × ratio, capped at MaxThrottleShed 0.9
        Assert.InRange(TestTopology.RegionCount(picks, "us") / 2000.0, shed - 0.05, shed + 0.05);
    }

    [Fact]
    public void Throttled_answers_neither_open_breakers_nor_eject_nor_count_as_latency()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        var endpoint = topology.Endpoints[0];

        for (var i = 0; i < 50; i++) endpoint.Record(EndpointOutcome.Throttled, latencyMs: 1);

        Assert.Equal(CircuitState.Closed, endpoint.BreakerState);
        Assert.False(endpoint.IsEjected);
        Assert.Equal(0, endpoint.LatencyEwmaMs);
        Assert.Equal(1.0, topology.Regions[0].HealthyCapacity);
        Assert.True(topology.Regions[0].ThrottleRatio > 0.9);
    }

    [Fact]
    public void The_shed_fades_over_the_cool_down_when_no_answers_come()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        Storm(topology);
        var ratio = topology.Regions[0].ThrottleRatio;
        Assert.Equal(0.9, topology.Regions[0].ThrottleShed, 6);

        time.Advance(TimeSpan.FromSeconds(10));
        var after10 = topology.Regions[0].ThrottleShed;
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(2 * ratio * Math.Exp(-1), after10, 3); // the ratio fades by e^-1 per cool-down (the cap no longer binds)
        Assert.True(topology.Regions[0].ThrottleShed < 0.03);
        Assert.True(TestTopology.RegionCount(TestTopology.Distribution(topology, 500), "eu") > 470);
    }

    [Fact]
    public void Traffic_returns_gradually_as_normal_answers_come_back()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        Storm(topology);
        var region = topology.Regions[0];
        var ratio = region.ThrottleRatio;

        region.Endpoints[0].Record(EndpointOutcome.Success);
        Assert.InRange(region.ThrottleRatio, ratio * 0.97, ratio); // one answer: 2% of the way back

        for (var i = 0; i < 150; i++) region.Endpoints[i % 2].Record(EndpointOutcome.Success);
        Assert.True(region.ThrottleRatio < ratio * 0.1);
    }

    [Fact]
    public void A_single_priority_level_keeps_all_its_traffic_while_throttled()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, regions: 1);
        Storm(topology);

        var picks = TestTopology.Distribution(topology, 200);

        Assert.Equal(200, TestTopology.RegionCount(picks, "eu"));
    }

    [Fact]
    public void Shedding_can_be_turned_off()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, s => s.ThrottleShedFactor = 0);
        Storm(topology);

        Assert.Equal(0, topology.Regions[0].ThrottleShed);
        Assert.Equal(0, TestTopology.RegionCount(TestTopology.Distribution(topology, 200), "us"));
    }

    [Fact]
    public void The_pipeline_reports_a_throttled_attempt_through_the_pool()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        var pool = new TopologyEndpointPool(topology);
        var endpoint = pool.Select(null, "eu")!;

        for (var i = 0; i < 10; i++)
        {
            using var attempt = pool.Begin(endpoint);
            attempt.Complete(HaOutcome.Throttled, TimeSpan.FromMilliseconds(2));
        }

        Assert.True(topology.Regions[0].ThrottleShed > 0.5);
        Assert.Equal(CircuitState.Closed, topology.Regions[0].Endpoints[0].BreakerState);
    }

    [Theory]
    [InlineData("ThrottleShedFactor", "ThrottleShedFactor must be between 0 (off) and 10")]
    [InlineData("MaxThrottleShed", "MaxThrottleShed must be between 0 and 1")]
    [InlineData("ThrottleCoolDown", "ThrottleCoolDown must be between")]
    public void Invalid_throttle_options_are_rejected_naming_the_key(string option, string expected)
    {
        var options = TestTopology.Options(o =>
        {
            switch (option)
            {
                case "ThrottleShedFactor": o.Selection.ThrottleShedFactor = -1; break;
                case "MaxThrottleShed": o.Selection.MaxThrottleShed = 1.5; break;
                default: o.Selection.ThrottleCoolDown = TimeSpan.Zero; break;
            }
        }, ("eu", 0, 2));

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => DifyTopology.Create("Default", new DifyClientOptions { ApiKey = TestTopology.ApiKey }, options, TestTopology.Time()));

        Assert.Contains(ex.Failures, f => f.StartsWith("Dify:Clients:Default:Topology:Selection:" + expected, StringComparison.Ordinal));
    }
}
