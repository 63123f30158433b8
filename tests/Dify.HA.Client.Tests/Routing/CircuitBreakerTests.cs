using Dify.HA.Client.Routing;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Tests.Routing;

public class CircuitBreakerTests
{
    // Ejection off, so that availability reflects the breaker alone.
    private static DifyTopology Topology(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, Action<DifyCircuitBreakerOptions>? configure = null)
        => TestTopology.Build(time, o =>
        {
            o.OutlierEjection.Enabled = false;
            configure?.Invoke(o.CircuitBreaker);
        }, ("eu", 0, 2));

    [Fact]
    public void Breaker_opens_after_consecutive_failures_and_fails_fast()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time, b => b.FailureRatio = 1).Endpoints[0];
        endpoint.Record(EndpointOutcome.Success);
        endpoint.Record(EndpointOutcome.Success);
        endpoint.Record(EndpointOutcome.Success);
        endpoint.Record(EndpointOutcome.Success);

        endpoint.Fail(4);
        Assert.Equal(CircuitState.Closed, endpoint.BreakerState);

        endpoint.Fail(1);
        Assert.Equal(CircuitState.Open, endpoint.BreakerState);
        Assert.False(endpoint.IsAvailable);
    }

    [Fact]
    public void Breaker_opens_on_failure_ratio_at_low_traffic_without_consecutive_failures()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];

        // Four calls spread over 20 s, alternating: never two failures in a row, yet half of them failed.
        endpoint.Record(EndpointOutcome.Success);
        time.Advance(TimeSpan.FromSeconds(7));
        endpoint.Record(EndpointOutcome.Failure);
        time.Advance(TimeSpan.FromSeconds(7));
        endpoint.Record(EndpointOutcome.Success);
        Assert.Equal(CircuitState.Closed, endpoint.BreakerState);
        time.Advance(TimeSpan.FromSeconds(6));
        endpoint.Record(EndpointOutcome.Failure);

        Assert.Equal(CircuitState.Open, endpoint.BreakerState);
    }

    [Fact]
    public void Failures_older_than_the_sampling_window_do_not_count_towards_the_ratio()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        endpoint.Record(EndpointOutcome.Failure);
        endpoint.Record(EndpointOutcome.Success);
        time.Advance(TimeSpan.FromSeconds(40)); // past the 30 s window

        endpoint.Record(EndpointOutcome.Failure);
        endpoint.Record(EndpointOutcome.Success);
        endpoint.Record(EndpointOutcome.Success);

        Assert.Equal(CircuitState.Closed, endpoint.BreakerState);
    }

    [Fact]
    public void Neutral_outcomes_never_open_the_breaker()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];

        for (var i = 0; i < 20; i++) endpoint.Record(EndpointOutcome.Neutral);

        Assert.Equal(CircuitState.Closed, endpoint.BreakerState);
        Assert.True(endpoint.IsAvailable);
    }

    [Fact]
    public void Breaker_half_opens_after_the_break_and_a_successful_trial_closes_it()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        endpoint.Fail(5);
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(CircuitState.Open, endpoint.BreakerState);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(CircuitState.HalfOpen, endpoint.BreakerState);
        Assert.True(endpoint.IsAvailable);

        using var trial = endpoint.BeginAttempt();
        Assert.True(trial.IsTrial);
        Assert.False(endpoint.IsAvailable); // the one trial slot is taken: others fail fast meanwhile
        trial.Complete(EndpointOutcome.Success, TimeSpan.FromMilliseconds(5));

        Assert.Equal(CircuitState.Closed, endpoint.BreakerState);
        Assert.True(endpoint.IsAvailable);
    }

    [Fact]
    public void A_half_open_endpoint_gets_the_next_call_as_its_trial_even_when_its_peer_scores_better()
    {
        // Two endpoints: power-of-two-choices compares the same pair every time, so a half-open endpoint whose last
        // known latency is worse would never be picked, never trialled, and its region would stay at half capacity.
        var time = TestTopology.Time();
        var topology = TestTopology.Build(time, o => o.OutlierEjection.Enabled = false, ("eu", 0, 2));
        var (broken, healthy) = (topology.Endpoints[0], topology.Endpoints[1]);
        broken.Record(EndpointOutcome.Success, latencyMs: 900);
        healthy.Record(EndpointOutcome.Success, latencyMs: 10);
        broken.Fail(5);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CircuitState.HalfOpen, broken.BreakerState);

        var picked = topology.Selector.Select(default);
        Assert.Same(broken, picked);
        using (var trial = broken.BeginAttempt())
        {
            Assert.True(trial.IsTrial);
            // While the trial is in flight, the other calls go to the healthy peer.
            Assert.Same(healthy, topology.Selector.Select(default));
            trial.Complete(EndpointOutcome.Success, TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(CircuitState.Closed, broken.BreakerState);
    }

    [Fact]
    public void A_failed_trial_opens_the_breaker_for_another_break()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        endpoint.Fail(5);
        time.Advance(TimeSpan.FromSeconds(10));

        endpoint.Record(EndpointOutcome.Failure);

        Assert.Equal(CircuitState.Open, endpoint.BreakerState);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(CircuitState.Open, endpoint.BreakerState);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, endpoint.BreakerState);
    }

    [Fact]
    public void A_cancelled_trial_frees_the_trial_slot_without_deciding()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        endpoint.Fail(5);
        time.Advance(TimeSpan.FromSeconds(10));

        endpoint.BeginAttempt().Dispose();

        Assert.Equal(CircuitState.HalfOpen, endpoint.BreakerState);
        Assert.True(endpoint.IsAvailable);
        Assert.Equal(0, endpoint.Outstanding);
    }

    [Fact]
    public void Late_answers_from_before_the_break_do_not_close_an_open_breaker()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        var late = endpoint.BeginAttempt();
        endpoint.Fail(5);

        late.Complete(EndpointOutcome.Success, TimeSpan.FromSeconds(1));

        Assert.Equal(CircuitState.Open, endpoint.BreakerState);
    }

    [Fact]
    public void Disabled_breaker_always_admits_calls()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time, b => b.Enabled = false).Endpoints[0];

        endpoint.Fail(50);

        Assert.True(endpoint.IsAvailable);
    }
}
