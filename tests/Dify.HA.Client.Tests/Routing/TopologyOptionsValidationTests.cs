using Dify.HA.Client.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Tests.Routing;

public class TopologyOptionsValidationTests
{
    private const string Key = "Dify:Clients:Default:Topology";

    private static OptionsValidationException CreateFails(DifyTopologyOptions options, DifyClientOptions? client = null)
        => Assert.Throws<OptionsValidationException>(() =>
            DifyTopology.Create("Default", client ?? new DifyClientOptions { ApiKey = TestTopology.ApiKey }, options, TestTopology.Time()));

    [Fact]
    public void Duplicate_endpoint_url_is_rejected_naming_both_keys()
    {
        var options = TestTopology.Options(null, ("eu", 0, 2), ("us", 1, 1));
        options.Regions[1].Endpoints.Add(new DifyEndpointOptions { BaseUrl = new Uri("http://EU-1.test/v1/") });

        var ex = CreateFails(options);

        var message = Assert.Single(ex.Failures);
        Assert.StartsWith($"{Key}:Regions:1:Endpoints:1:BaseUrl http://eu-1.test/v1 duplicates {Key}:Regions:0:Endpoints:1:BaseUrl", message);
    }

    [Fact]
    public void Region_without_endpoints_is_rejected()
    {
        var options = TestTopology.Options(null, ("eu", 0, 1), ("us", 1, 0));

        var ex = CreateFails(options);

        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:1:Endpoints is empty: add at least one endpoint", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Weight_out_of_range_is_rejected(int weight)
    {
        var options = TestTopology.Options(null, ("eu", 0, 2));
        options.Regions[0].Endpoints[1].Weight = weight;

        var ex = CreateFails(options);

        Assert.Contains($"{Key}:Regions:0:Endpoints:1:Weight must be between 1 and 100 (got {weight})", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_relative_base_url_and_bad_names_are_all_reported_at_once()
    {
        var options = TestTopology.Options(null, ("eu", 0, 2), ("eu", 1, 1));
        options.Regions[0].Endpoints[0].BaseUrl = null;
        options.Regions[0].Endpoints[1].BaseUrl = new Uri("/v1", UriKind.Relative);
        options.Regions[1].Priority = -1;

        var ex = CreateFails(options);

        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:0:Endpoints:0:BaseUrl is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:0:Endpoints:1:BaseUrl must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:1:Name 'eu' is already used by {Key}:Regions:0", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:1:Priority must be between 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_range_health_settings_name_their_keys()
    {
        var options = TestTopology.Options(o =>
        {
            o.CircuitBreaker.MinimumThroughput = 1;
            o.OutlierEjection.MaxEjectionPercent = 150;
            o.HealthProbe.Timeout = TimeSpan.FromSeconds(30);
            o.Selection.SpillThreshold = 0;
        }, ("eu", 0, 1));

        var ex = CreateFails(options);

        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:CircuitBreaker:MinimumThroughput must be between 2 and 10000 (got 1)", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:OutlierEjection:MaxEjectionPercent must be between 0 and 100", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:HealthProbe:Timeout (00:00:30) must not exceed Interval", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Selection:SpillThreshold must be between 0.01 and 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Region_api_key_is_never_echoed_in_messages()
    {
        var options = TestTopology.Options(null, ("eu", 0, 1));
        options.Regions[0].ApiKey = "app-secret value";

        var ex = CreateFails(options);

        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:0:ApiKey is blank or contains whitespace", StringComparison.Ordinal));
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_regions_make_one_default_region_at_the_client_base_url()
    {
        var topology = DifyTopology.Create("Default", new DifyClientOptions { ApiKey = TestTopology.ApiKey, BaseUrl = new Uri("http://dify.test/v1") },
            new DifyTopologyOptions(), TestTopology.Time());

        var region = Assert.Single(topology.Regions);
        Assert.Equal(DifyTopologyOptions.DefaultRegionName, region.Name);
        var endpoint = Assert.Single(topology.Endpoints);
        Assert.Equal("http://dify.test/v1/", endpoint.BaseUrl.AbsoluteUri);
        Assert.Equal("http://dify.test/v1/", endpoint.HealthUrl.AbsoluteUri);
        Assert.Equal("default/0", endpoint.Id);
    }

    [Fact]
    public void Empty_regions_without_a_client_base_url_is_rejected()
    {
        var ex = CreateFails(new DifyTopologyOptions());

        Assert.StartsWith($"{Key}:Regions is empty and Dify:Clients:Default:BaseUrl is not an absolute http(s) URL", Assert.Single(ex.Failures));
    }

    [Fact]
    public void Regions_are_ordered_by_priority_and_carry_their_key_override()
    {
        var options = TestTopology.Options(null, ("backup", 1, 1), ("primary", 0, 2));
        options.Regions[0].ApiKey = "app-backup-key";

        var topology = DifyTopology.Create("Default", new DifyClientOptions { ApiKey = TestTopology.ApiKey }, options, TestTopology.Time());

        Assert.Equal(["primary", "backup"], topology.Regions.Select(r => r.Name));
        Assert.Equal("app-backup-key", topology.Regions[1].Endpoints[0].ApiKeyOverride);
        Assert.Null(topology.Regions[0].Endpoints[0].ApiKeyOverride);
        Assert.DoesNotContain("app-backup-key", options.Regions[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Region_key_must_speak_the_same_API_as_the_client_key()
    {
        var appClient = TestTopology.Options(null, ("primary", 0, 1), ("backup", 1, 1));
        appClient.Regions[1].ApiKey = "dataset-backup-key";
        var ex = CreateFails(appClient);
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:1:ApiKey is a Knowledge API key (dataset-…) but the client's key is an app key", StringComparison.Ordinal));

        var knowledgeClient = TestTopology.Options(null, ("primary", 0, 1), ("backup", 1, 1));
        knowledgeClient.Regions[1].ApiKey = "app-backup-key";
        ex = CreateFails(knowledgeClient, new DifyClientOptions { ApiKey = "dataset-primary-key" });
        Assert.Contains(ex.Failures, f => f.StartsWith($"{Key}:Regions:1:ApiKey is an app key but the client's key is a Knowledge API key", StringComparison.Ordinal));

        var knowledgeRegions = TestTopology.Options(null, ("primary", 0, 1), ("backup", 1, 1));
        knowledgeRegions.Regions[1].ApiKey = "dataset-backup-key";
        var topology = DifyTopology.Create("Default", new DifyClientOptions { ApiKey = "dataset-primary-key" }, knowledgeRegions, TestTopology.Time());
        Assert.Equal("dataset-backup-key", topology.Regions[1].Endpoints[0].ApiKeyOverride);
    }

    [Fact]
    public void Options_bind_from_configuration_keys()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Topology:Regions:0:Name"] = "eu",
            ["Topology:Regions:0:Endpoints:0:BaseUrl"] = "http://eu-0.test/v1",
            ["Topology:Regions:0:Endpoints:0:Weight"] = "3",
            ["Topology:Regions:1:Name"] = "us",
            ["Topology:Regions:1:Priority"] = "1",
            ["Topology:Regions:1:Endpoints:0:BaseUrl"] = "http://us-0.test/v1",
            ["Topology:Regions:1:Endpoints:0:HealthUrl"] = "http://us-0.test:5001/health",
            ["Topology:CircuitBreaker:BreakDuration"] = "00:00:05",
            ["Topology:Selection:FailbackRamp"] = "00:01:00",
        }).Build();
        var options = new DifyTopologyOptions();
        ConfigurationBinder.Bind(config.GetSection("Topology"), options);

        var topology = DifyTopology.Create("Default", new DifyClientOptions { ApiKey = TestTopology.ApiKey }, options, TestTopology.Time());

        Assert.Equal(3, topology.Regions[0].Endpoints[0].Weight);
        Assert.Equal("http://us-0.test:5001/health", topology.Regions[1].Endpoints[0].HealthUrl.AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(5), topology.Options.CircuitBreaker.BreakDuration);
        Assert.Equal(TimeSpan.FromMinutes(1), topology.Options.Selection.FailbackRamp);
    }
}
