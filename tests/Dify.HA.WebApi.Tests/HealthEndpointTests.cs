using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Dify.HA.WebApi.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dify.HA.WebApi.Tests;

public sealed class HealthEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Readiness_is_healthy_with_the_emulator_and_lists_its_checks()
    {
        await using var harness = await WebApiHarness.StartAsync();

        using var response = await harness.Http.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["shutdown"] = "Healthy", ["dify"] = "Healthy" }, checks);
    }

    [Fact]
    public async Task Readiness_is_503_when_every_dify_region_is_down_while_liveness_stays_200()
    {
        await using var harness = await WebApiHarness.StartAsync();
        foreach (var region in harness.Emulator.Regions) await region.RefuseConnectionsAsync();

        HttpStatusCode last = 0;
        string body = "";
        var unhealthy = await WebApiHarness.EventuallyAsync(async () =>
        {
            using var response = await harness.Http.GetAsync("healthz");
            last = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            return last == HttpStatusCode.ServiceUnavailable;
        }, Deadline);

        Assert.True(unhealthy, $"/healthz still answered {last}: {body}");
        var dify = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dify");
        Assert.Equal("Unhealthy", dify.GetProperty("status").GetString());
        Assert.Equal(0, dify.GetProperty("data").GetProperty("endpoints.available").GetInt32());

        using var live = await harness.Http.GetAsync("livez");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_recovers_when_a_region_comes_back()
    {
        await using var harness = await WebApiHarness.StartAsync();
        foreach (var region in harness.Emulator.Regions) await region.RefuseConnectionsAsync();
        Assert.True(await WebApiHarness.EventuallyAsync(async () => (await harness.Http.GetAsync("healthz")).StatusCode == HttpStatusCode.ServiceUnavailable, Deadline));

        await harness.Emulator.Regions[1].HealAsync();

        // The backup region alone: Degraded (traffic spills to it), which is still ready.
        Assert.True(await WebApiHarness.EventuallyAsync(async () => (await harness.Http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK, Deadline));
    }

    [Fact]
    public async Task Postgres_and_redis_join_readiness_only_when_configured()
    {
        await using (var plain = await WebApiApp.CreateAsync([], [new("Logging:LogLevel:Default", "Warning")]))
        {
            Assert.Equal(["dify", "shutdown"], CheckNames(plain));
        }

        await using var withStores = await WebApiApp.CreateAsync([],
        [
            new("Logging:LogLevel:Default", "Warning"),
            new("Dify:Postgres:ConnectionString", "Host=127.0.0.1,127.0.0.2;Username=dify;Database=dify"),
            new("Dify:Redis:Endpoints:0", "127.0.0.1:6379"),
        ]);
        Assert.Equal(["dify", "postgres", "redis", "shutdown"], CheckNames(withStores));
        Assert.All(withStores.App.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => Assert.Contains("ready", r.Tags));
    }

    private static string[] CheckNames(WebApiApp web) =>
        [.. web.App.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).Order(StringComparer.Ordinal)];
}
