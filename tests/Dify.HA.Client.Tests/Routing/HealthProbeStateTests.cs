using Dify.HA.Client.Routing;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Tests.Routing;

public class HealthProbeStateTests
{
    [Fact]
    public void Failed_probes_take_the_endpoint_out_after_the_unhealthy_threshold()
    {
        var endpoint = TestTopology.Build(TestTopology.Time(), null, ("eu", 0, 2)).Endpoints[0];

        endpoint.RecordProbe(healthy: false);
        Assert.True(endpoint.IsAvailable);
        endpoint.RecordProbe(healthy: false);

        Assert.True(endpoint.IsProbeFailing);
        Assert.False(endpoint.IsAvailable);
        Assert.Equal(0.5, endpoint.Region.HealthyCapacity);
    }

    [Fact]
    public void Endpoint_is_readmitted_after_the_healthy_threshold_of_successful_probes()
    {
        var endpoint = TestTopology.Build(TestTopology.Time(), o => o.HealthProbe.HealthyThreshold = 3, ("eu", 0, 1)).Endpoints[0];
        endpoint.RecordProbe(false);
        endpoint.RecordProbe(false);

        endpoint.RecordProbe(true);
        endpoint.RecordProbe(true);
        Assert.False(endpoint.IsAvailable);
        endpoint.RecordProbe(false); // a failure in between starts the count again
        endpoint.RecordProbe(true);
        endpoint.RecordProbe(true);
        Assert.False(endpoint.IsAvailable);
        endpoint.RecordProbe(true);

        Assert.True(endpoint.IsAvailable);
    }

    [Fact]
    public void Readmission_lifts_an_ejection_and_lets_an_open_breaker_try_at_once()
    {
        var time = TestTopology.Time();
        var endpoint = TestTopology.Build(time, o => o.OutlierEjection.MaxEjectionPercent = 100, ("eu", 0, 1)).Endpoints[0];
        endpoint.Fail(5); // ejected (3) and breaker open (5)
        endpoint.RecordProbe(false);
        endpoint.RecordProbe(false);
        Assert.True(endpoint.IsEjected);
        Assert.Equal(CircuitState.Open, endpoint.BreakerState);

        endpoint.RecordProbe(true);
        endpoint.RecordProbe(true);

        Assert.False(endpoint.IsEjected);
        Assert.Equal(CircuitState.HalfOpen, endpoint.BreakerState);
        Assert.True(endpoint.IsAvailable);
    }

    [Fact]
    public void Successful_probes_that_never_saw_a_failure_do_not_lift_an_ejection()
    {
        var time = TestTopology.Time();
        var endpoint = TestTopology.Build(time, o => o.CircuitBreaker.Enabled = false, ("eu", 0, 2)).Endpoints[0];
        endpoint.Fail(3);

        for (var i = 0; i < 5; i++) endpoint.RecordProbe(true);

        Assert.True(endpoint.IsEjected);
    }
}
