using Dify.HA.Client.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.Client.Tests.Health;

public class HealthCheckRegistrationTests
{
    private static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dify:Clients:support:ApiKey"] = "app-health-check-secret",
            ["Dify:Clients:support:Topology:Regions:0:Name"] = "eu",
            ["Dify:Clients:support:Topology:Regions:0:Priority"] = "0",
            ["Dify:Clients:support:Topology:Regions:0:Endpoints:0:BaseUrl"] = "http://eu-0.invalid/v1",
            ["Dify:Clients:support:Topology:Regions:0:Endpoints:1:BaseUrl"] = "http://eu-1.invalid/v1",
            ["Dify:Clients:support:Topology:Regions:1:Name"] = "us",
            ["Dify:Clients:support:Topology:Regions:1:Priority"] = "1",
            ["Dify:Clients:support:Topology:Regions:1:Endpoints:0:BaseUrl"] = "http://us-0.invalid/v1",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDifyClient("support", configuration.GetSection("Dify:Clients:support"));
        services.AddHealthChecks().AddDifyClient("support", tags: ["ready"]);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_check_reports_the_registered_clients_regions_under_its_name()
    {
        await using var provider = Build();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = Assert.Single(report.Entries);
        Assert.Equal("dify-support", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Equal(["ready"], entry.Value.Tags);
        Assert.Equal(1.0, entry.Value.Data["region.eu"]);
        Assert.Equal(3, entry.Value.Data["endpoints.available"]);
        Assert.DoesNotContain("app-health-check-secret", entry.Value.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_sees_the_same_endpoint_state_the_transport_selects_from()
    {
        await using var provider = Build();
        var topology = provider.GetRequiredKeyedService<DifyTopology>("support");
        foreach (var endpoint in topology.Endpoints.Where(e => e.Region.Name == "eu"))
        {
            // Two failed probes take an endpoint out (the default unhealthy threshold).
            endpoint.RecordProbe(false);
            endpoint.RecordProbe(false);
        }

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["dify-support"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(0.0, entry.Data["region.eu"]);
        Assert.Equal(1, entry.Data["endpoints.available"]);
    }
}
