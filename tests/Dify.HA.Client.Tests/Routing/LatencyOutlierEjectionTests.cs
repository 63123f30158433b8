using Dify.HA.Client.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Routing;

/// <summary>Latency outlier ejection: by the latency average over enough answers, and by in-flight calls gone silent
/// while a peer answers (a slow or stuck endpoint is seen before its first slow answer returns).</summary>
public class LatencyOutlierEjectionTests
{
    // Breaker off and probes irrelevant: availability reflects ejection alone. Defaults: factor 3, floor 250 ms, 5 samples.
    private static DifyTopology Topology(FakeTimeProvider time, int endpoints = 3, Action<DifyOutlierEjectionOptions>? configure = null)
        => TestTopology.Build(time, o =>
        {
            o.CircuitBreaker.Enabled = false;
            configure?.Invoke(o.OutlierEjection);
        }, ("eu", 0, endpoints), ("us", 1, 1));

    private static void Answer(DifyEndpointState endpoint, double latencyMs, int times)
    {
        for (var i = 0; i < times; i++) endpoint.Record(EndpointOutcome.Success, latencyMs);
    }

    [Fact]
    public void Endpoint_slower_than_factor_times_its_peers_median_is_ejected_once_it_has_the_minimum_samples()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        var (slow, a, b) = (topology.Endpoints[0], topology.Endpoints[1], topology.Endpoints[2]);
        Answer(a, 50, 5);
        Answer(b, 60, 5);

        Answer(slow, 2000, 4);
        Assert.False(slow.IsEjected); // 4 answers: not enough to judge

        Answer(slow, 2000, 1);
        Assert.True(slow.IsEjected);
        Assert.Equal(1, slow.TimesEjected);
        Assert.False(a.IsEjected);
        Assert.False(b.IsEjected);
    }

    [Fact]
    public void Endpoint_within_the_absolute_floor_of_its_peers_is_not_ejected()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        Answer(topology.Endpoints[1], 20, 5);
        Answer(topology.Endpoints[2], 20, 5);

        // 10× slower, but only 180 ms more: below max(3 × 20, 20 + 250) = 270 ms.
        Answer(topology.Endpoints[0], 200, 20);

        Assert.False(topology.Endpoints[0].IsEjected);
    }

    [Fact]
    public void One_long_answer_among_normal_ones_does_not_eject()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        Answer(topology.Endpoints[1], 1000, 5);
        Answer(topology.Endpoints[2], 1000, 5);
        var endpoint = topology.Endpoints[0];
        Answer(endpoint, 1000, 5);

        // A generation 5× longer than usual moves the average by a third of the gap (α = 2 / (5 + 1)): 2.33 s < 3 s.
        Answer(endpoint, 5000, 1);

        Assert.False(endpoint.IsEjected);
        Assert.InRange(endpoint.LatencyAverageMs, 2000, 2700);
    }

    [Fact]
    public void Endpoint_whose_calls_are_silent_while_a_peer_answers_is_ejected_before_its_first_slow_answer()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2);
        var (slow, fast) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(slow, 50, 5);
        Answer(fast, 50, 5);

        using var stuck = slow.BeginAttempt();
        time.Advance(TimeSpan.FromMilliseconds(200));
        Answer(fast, 50, 1);
        topology.Selector.Select(default);
        Assert.False(slow.IsEjected); // 200 ms < max(3 × 50, 50 + 250) = 300 ms

        time.Advance(TimeSpan.FromMilliseconds(150));
        Answer(fast, 50, 1);
        var picks = TestTopology.Distribution(topology, 50);

        Assert.True(slow.IsEjected);
        Assert.Equal(0, picks[slow.Id]);
    }

    [Fact]
    public void Silent_calls_do_not_eject_when_no_peer_answered_meanwhile()
    {
        // Every endpoint of the region silent (a black hole, or a quiet app with long generations): nothing to compare with;
        // the probes decide.
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2);
        var (a, b) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(a, 50, 5);
        Answer(b, 50, 5);
        using var stuckA = a.BeginAttempt();
        using var stuckB = b.BeginAttempt();

        time.Advance(TimeSpan.FromSeconds(5));
        topology.Selector.Select(default);

        Assert.False(a.IsEjected);
        Assert.False(b.IsEjected);
    }

    [Fact]
    public void Silent_call_shorter_than_factor_times_the_endpoints_own_average_does_not_eject()
    {
        // An endpoint that serves long generations (its own average 2 s) is not ejected for one more of them.
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2);
        var (generator, quick) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(generator, 2000, 5);
        Answer(quick, 100, 5);

        using var generating = generator.BeginAttempt();
        time.Advance(TimeSpan.FromSeconds(4));
        Answer(quick, 100, 1);
        topology.Selector.Select(default);

        Assert.False(generator.IsEjected);
    }

    [Fact]
    public void A_stuck_endpoint_scores_by_how_long_its_calls_have_been_silent()
    {
        // Before any ejection: 1 call silent for 200 ms scores 200 × 2 = 400; 5 fresh calls at 50 ms score 50 × 6 = 300.
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2, configure: e => e.LatencyEnabled = false);
        var (stuck, busy) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(stuck, 50, 5);
        Answer(busy, 50, 5);
        using var held = stuck.BeginAttempt();
        time.Advance(TimeSpan.FromMilliseconds(200));
        var inFlight = Enumerable.Range(0, 5).Select(_ => busy.BeginAttempt()).ToList();

        for (var i = 0; i < 20; i++) Assert.Same(busy, topology.Selector.Select(default));
        inFlight.ForEach(a => a.Dispose());
    }

    [Fact]
    public void Several_calls_silent_for_a_few_tens_of_ms_outweigh_a_busy_peers_queue()
    {
        // 4 calls silent for 30 ms: exposure 4 × 30 = 120 ms, score 120 × 5 = 600; 10 fresh calls at 50 ms: 50 × 11 = 550.
        // (By the silence alone, 50 × 5 = 250, the stuck endpoint would keep winning.)
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2);
        var (stuck, busy) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(stuck, 50, 5);
        Answer(busy, 50, 5);
        var held = Enumerable.Range(0, 4).Select(_ => stuck.BeginAttempt()).ToList();
        time.Advance(TimeSpan.FromMilliseconds(30));
        held.AddRange(Enumerable.Range(0, 10).Select(_ => busy.BeginAttempt()));

        for (var i = 0; i < 20; i++) Assert.Same(busy, topology.Selector.Select(default));
        held.ForEach(a => a.Dispose());
        Assert.Equal(0, stuck.Outstanding);
    }

    [Fact]
    public void Latency_ejection_grows_like_failure_ejection_and_answers_during_it_do_not_count()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2);
        var (slow, fast) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(fast, 50, 5);
        Answer(slow, 1000, 5);
        Assert.True(slow.IsEjected);

        // Late answers of calls begun before the ejection: history, not fresh evidence.
        Answer(slow, 1000, 5);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(slow.IsEjected);
        Answer(slow, 1000, 4);
        Assert.False(slow.IsEjected);
        Answer(slow, 1000, 1);

        Assert.True(slow.IsEjected);
        Assert.Equal(2, slow.TimesEjected);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(slow.IsEjected); // the second ejection lasts 2 × 30 s
    }

    [Fact]
    public void The_endpoint_carrying_the_load_of_a_silent_peer_is_not_ejected_by_comparison_with_that_peer()
    {
        // A black-holed peer stops answering; its average stays at its healthy 50 ms. The other endpoint now serves the
        // whole region and slows down: compared with the silent peer's stale average it would look like an outlier.
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2);
        var (silent, serving) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(silent, 50, 5);
        Answer(serving, 50, 5);

        using var stuck = silent.BeginAttempt();
        time.Advance(TimeSpan.FromSeconds(2));
        Answer(serving, 1000, 10);

        Assert.False(serving.IsEjected);
        Assert.InRange(serving.LatencyAverageMs, 500, 1000); // slow enough that a comparison would have ejected it
    }

    [Fact]
    public void A_peer_whose_breaker_is_open_is_not_the_measure_of_normal_latency()
    {
        // The peer's breaker opens (failure ejection set out of the way, so only the breaker takes it out); its latency
        // average is from before. The endpoint now carrying the region slows down and must not be judged against it.
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o =>
        {
            o.OutlierEjection.ConsecutiveFailures = 100;
            o.OutlierEjection.MaxEjectionPercent = 100; // no cap in the way: the verdict must come from the comparison alone
        }, ("eu", 0, 2), ("us", 1, 1));
        var (failing, serving) = (topology.Endpoints[0], topology.Endpoints[1]);
        Answer(failing, 50, 5);
        Answer(serving, 50, 5);
        failing.Fail(5);
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Open, failing.BreakerState);
        Assert.False(failing.IsEjected);

        Answer(serving, 1000, 10);

        Assert.False(serving.IsEjected);
    }

    [Fact]
    public void Latency_ejection_respects_the_ejection_cap()
    {
        var time = TestTopology.Time();
        // 4 endpoints in all (3 + 1): a 25% cap allows one ejection.
        var topology = Topology(time, configure: e => e.MaxEjectionPercent = 25);
        var (slow1, slow2, fast) = (topology.Endpoints[0], topology.Endpoints[1], topology.Endpoints[2]);
        Answer(fast, 50, 5);
        Answer(slow1, 1000, 5);
        Answer(slow2, 1000, 5);

        Assert.True(slow1.IsEjected);
        Assert.False(slow2.IsEjected);
    }

    [Fact]
    public void A_region_of_one_endpoint_is_never_latency_ejected()
    {
        var time = TestTopology.Time();
        var topology = Topology(time);
        var lone = topology.Regions[1].Endpoints[0];

        Answer(lone, 10_000, 20);

        Assert.False(lone.IsEjected);
    }

    [Fact]
    public void Latency_ejection_can_be_turned_off()
    {
        var time = TestTopology.Time();
        var topology = Topology(time, endpoints: 2, configure: e => e.LatencyEnabled = false);
        Answer(topology.Endpoints[1], 50, 5);

        Answer(topology.Endpoints[0], 5000, 20);

        Assert.False(topology.Endpoints[0].IsEjected);
    }

    [Theory]
    [InlineData("LatencyFactor", "LatencyFactor must be between 1.5 and 100")]
    [InlineData("LatencyFloor", "LatencyFloor must be between")]
    [InlineData("LatencyMinimumSamples", "LatencyMinimumSamples must be between 1 and 10000")]
    public void Invalid_latency_options_are_rejected_naming_the_key(string option, string expected)
    {
        var options = TestTopology.Options(o =>
        {
            switch (option)
            {
                case "LatencyFactor": o.OutlierEjection.LatencyFactor = 1; break;
                case "LatencyFloor": o.OutlierEjection.LatencyFloor = TimeSpan.FromMinutes(2); break;
                default: o.OutlierEjection.LatencyMinimumSamples = 0; break;
            }
        }, ("eu", 0, 2));

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => DifyTopology.Create("Default", new DifyClientOptions { ApiKey = TestTopology.ApiKey }, options, TestTopology.Time()));

        Assert.Contains(ex.Failures, f => f.StartsWith("Dify:Clients:Default:Topology:OutlierEjection:" + expected, StringComparison.Ordinal));
    }
}
