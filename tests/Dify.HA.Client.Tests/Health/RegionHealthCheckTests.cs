using Dify.HA.Client.Health;
using Dify.HA.Client.Routing;
using Dify.HA.Client.Tests.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.Client.Tests.Health;

public class RegionHealthCheckTests
{
    private static void TakeOut(DifyEndpointState endpoint)
    {
        endpoint.RecordProbe(false);
        endpoint.RecordProbe(false);
    }

    private static Task<HealthCheckResult> Check(DifyTopology topology)
        => new DifyRegionHealthCheck(topology).CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("dify", _ => null!, HealthStatus.Unhealthy, null),
        });

    [Fact]
    public async Task Healthy_when_the_primary_region_has_full_capacity()
    {
        var topology = TestTopology.Build(TestTopology.Time(), null, ("eu", 0, 2), ("us", 1, 2));

        var result = await Check(topology);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(1.0, result.Data["region.eu"]);
        Assert.Equal(4, result.Data["endpoints.available"]);
    }

    [Fact]
    public async Task Degraded_when_the_primary_is_below_the_spill_threshold()
    {
        var topology = TestTopology.Build(TestTopology.Time(), null, ("eu", 0, 2), ("us", 1, 2));
        TakeOut(topology.Endpoints[0]);

        var result = await Check(topology);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(0.5, result.Data["region.eu"]);
        Assert.Equal(1.0, result.Data["region.us"]);
        Assert.Contains("eu at 50% healthy capacity", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_when_no_endpoint_is_available()
    {
        var topology = TestTopology.Build(TestTopology.Time(), null, ("eu", 0, 1), ("us", 1, 1));
        foreach (var endpoint in topology.Endpoints) TakeOut(endpoint);

        var result = await Check(topology);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(0, result.Data["endpoints.available"]);
    }
}
