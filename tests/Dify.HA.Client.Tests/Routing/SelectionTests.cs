using Dify.HA.Client.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Routing;

public class SelectionTests
{
    private static void TakeOut(DifyEndpointState endpoint)
    {
        endpoint.RecordProbe(healthy: false);
        endpoint.RecordProbe(healthy: false);
    }

    private static void BringBack(DifyEndpointState endpoint)
    {
        endpoint.RecordProbe(healthy: true);
        endpoint.RecordProbe(healthy: true);
    }

    [Fact]
    public void Power_of_two_choices_prefers_the_faster_endpoint()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 3));
        topology.Endpoints[0].Record(EndpointOutcome.Success, latencyMs: 50);
        topology.Endpoints[1].Record(EndpointOutcome.Success, latencyMs: 50);
        topology.Endpoints[2].Record(EndpointOutcome.Success, latencyMs: 400);

        var counts = TestTopology.Distribution(topology, 3000);

        // Pairs are of two different endpoints, so the slow one loses every pair it is in; the fast ones share the calls.
        Assert.Equal(0, counts["eu/2"]);
        Assert.InRange(counts["eu/0"], 1200, 1800);
    }

    [Fact]
    public void Power_of_two_choices_prefers_the_less_loaded_endpoint()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2));
        var a = topology.Endpoints[0];
        var b = topology.Endpoints[1];
        a.Record(EndpointOutcome.Success, latencyMs: 20);
        b.Record(EndpointOutcome.Success, latencyMs: 20);
        var held = Enumerable.Range(0, 3).Select(_ => a.BeginAttempt()).ToList();

        var picked = topology.Selector.Select(default);

        Assert.Same(b, picked);
        held.ForEach(h => h.Dispose());
        Assert.Equal(0, a.Outstanding);
    }

    [Fact]
    public void Load_spreads_by_weight_when_attempts_stay_outstanding()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o => o.Regions[0].Endpoints[0].Weight = 3, ("eu", 0, 2));
        var held = new List<EndpointAttempt>();

        for (var i = 0; i < 400; i++) held.Add(topology.Selector.Select(default)!.BeginAttempt());

        var heavy = topology.Endpoints[0].Outstanding;
        Assert.InRange(heavy, 290, 310); // 3 : 1
        held.ForEach(h => h.Dispose());
    }

    [Fact]
    public void Higher_weight_endpoint_is_drawn_more_often_and_wins_its_pairs()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o => o.Regions[0].Endpoints[0].Weight = 4, ("eu", 0, 4));

        var counts = TestTopology.Distribution(topology, 4000);

        // eu/0 is in a pair with probability 4/7 + 3/7 × 4/6 = 6/7, and its score (per unit of weight) wins every pair.
        Assert.InRange(counts["eu/0"], 3430 - 150, 3430 + 150);
        Assert.All(counts.Where(p => p.Key != "eu/0"), p => Assert.InRange(p.Value, 110, 280));
    }

    [Fact]
    public void All_traffic_goes_to_the_primary_region_while_it_is_healthy()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2));

        var counts = TestTopology.Distribution(topology, 500);

        Assert.Equal(500, TestTopology.RegionCount(counts, "eu"));
    }

    [Fact]
    public void Traffic_spills_to_the_next_region_when_healthy_capacity_drops_below_the_threshold()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2));
        TakeOut(topology.Endpoints[0]); // eu at 50% < 70%: keeps 0.5 / 0.7 ≈ 71%

        var counts = TestTopology.Distribution(topology, 4000);

        Assert.Equal(0, counts["eu/0"]);
        Assert.InRange(TestTopology.RegionCount(counts, "eu") / 4000.0, 0.67, 0.76);
        Assert.InRange(TestTopology.RegionCount(counts, "us") / 4000.0, 0.24, 0.33);
    }

    [Fact]
    public void Whole_primary_down_fails_over_to_the_backup_region()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2), ("ap", 2, 1));
        TakeOut(topology.Endpoints[0]);
        TakeOut(topology.Endpoints[1]);

        var counts = TestTopology.Distribution(topology, 500);

        Assert.Equal(500, TestTopology.RegionCount(counts, "us"));
    }

    [Fact]
    public void Panic_mode_uses_every_endpoint_when_nothing_is_healthy()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2));
        foreach (var endpoint in topology.Endpoints) TakeOut(endpoint);

        var counts = TestTopology.Distribution(topology, 400);

        Assert.All(counts.Values, c => Assert.True(c > 0));
    }

    [Fact]
    public void Panic_mode_still_fails_fast_when_every_breaker_is_open()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 1), ("us", 1, 1));
        foreach (var endpoint in topology.Endpoints) endpoint.Fail(5);

        Assert.Null(topology.Selector.Select(default));
    }

    [Fact]
    public void Without_panic_mode_nothing_is_selected_when_nothing_is_healthy()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o => o.Selection.PanicMode = false, ("eu", 0, 1), ("us", 1, 1));
        foreach (var endpoint in topology.Endpoints) TakeOut(endpoint);

        Assert.Null(topology.Selector.Select(default));
    }

    [Fact]
    public void Healed_primary_gets_its_traffic_back_gradually_over_the_ramp()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2)); // ramp 30 s
        TakeOut(topology.Endpoints[0]);
        TakeOut(topology.Endpoints[1]);
        Assert.Equal(0, TestTopology.RegionCount(TestTopology.Distribution(topology, 200), "eu"));

        BringBack(topology.Endpoints[0]);
        BringBack(topology.Endpoints[1]);
        var shares = new List<double>();
        for (var second = 0; second <= 30; second += 10)
        {
            if (second > 0) time.Advance(TimeSpan.FromSeconds(10));
            shares.Add(TestTopology.RegionCount(TestTopology.Distribution(topology, 2000), "eu") / 2000.0);
        }

        Assert.InRange(shares[0], 0, 0.02);
        Assert.InRange(shares[1], 0.28, 0.39);
        Assert.InRange(shares[2], 0.61, 0.72);
        Assert.Equal(1.0, shares[3]);
    }

    [Fact]
    public void Losing_capacity_takes_effect_at_once_even_during_a_ramp()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 1), ("us", 1, 1));
        topology.Selector.Select(default);

        TakeOut(topology.Endpoints[0]);

        Assert.Equal("us", topology.Selector.Select(default)!.Region.Name);
    }

    [Fact]
    public void Tried_endpoints_are_excluded_then_the_call_moves_to_the_next_region()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 1));
        var tried = new HashSet<DifyEndpointState>();

        var first = topology.Selector.Select(new EndpointSelectionContext(tried, null))!;
        tried.Add(first);
        var second = topology.Selector.Select(new EndpointSelectionContext(tried, null))!;
        tried.Add(second);
        var third = topology.Selector.Select(new EndpointSelectionContext(tried, null))!;
        tried.Add(third);

        Assert.Equal("eu", first.Region.Name);
        Assert.Equal("eu", second.Region.Name);
        Assert.NotSame(first, second);
        Assert.Equal("us", third.Region.Name);
        Assert.Null(topology.Selector.Select(new EndpointSelectionContext(tried, null)));
    }

    [Fact]
    public void Pinned_region_selects_only_its_own_endpoints_even_when_it_is_a_backup()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2));

        var counts = TestTopology.Distribution(topology, 300, new EndpointSelectionContext(null, "US"));

        Assert.Equal(300, TestTopology.RegionCount(counts, "us"));
    }

    [Fact]
    public void Pinned_region_that_is_down_or_unknown_selects_nothing()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 2), ("us", 1, 2));
        TakeOut(topology.Endpoints[0]);
        TakeOut(topology.Endpoints[1]);

        Assert.Null(topology.Selector.Select(new EndpointSelectionContext(null, "eu")));
        Assert.Null(topology.Selector.Select(new EndpointSelectionContext(null, "mars")));
    }

    [Fact]
    public void Regions_with_equal_priority_share_traffic()
    {
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, null, ("eu", 0, 1), ("eu2", 0, 1), ("us", 1, 1));

        var counts = TestTopology.Distribution(topology, 2000);

        Assert.Equal(0, counts["us/0"]);
        Assert.InRange(counts["eu/0"], 800, 1200);
    }

    [Fact]
    public void Latency_average_follows_slowdowns_at_once_and_decays_while_idle()
    {
        var time = TestTopology.Time();
        var endpoint = TestTopology.Build(time, null, ("eu", 0, 1)).Endpoints[0];
        endpoint.Record(EndpointOutcome.Success, 10);
        endpoint.Record(EndpointOutcome.Success, 500);
        Assert.Equal(500, endpoint.LatencyEwmaMs, 3);

        endpoint.Record(EndpointOutcome.Success, 10);
        Assert.InRange(endpoint.LatencyEwmaMs, 400, 460); // one fast answer moves it at least 10% of the way

        time.Advance(TimeSpan.FromSeconds(30)); // 3 time constants idle
        Assert.InRange(endpoint.LatencyEwmaMs, 15, 30);
    }

    [Fact]
    public void Failures_do_not_feed_the_latency_average()
    {
        var time = TestTopology.Time();
        var endpoint = TestTopology.Build(time, o => o.OutlierEjection.Enabled = false, ("eu", 0, 1)).Endpoints[0];
        endpoint.Record(EndpointOutcome.Success, 300);

        endpoint.Record(EndpointOutcome.Failure, 1);

        Assert.Equal(300, endpoint.LatencyEwmaMs, 3);
    }
}
