using Dify.HA.Data.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dify.HA.Data.Tests.Redis;

public sealed class RedisConnectionOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(RedisConnectionOptions options) =>
        new RedisConnectionOptionsValidator().Validate(null, options);

    [Fact]
    public void Sentinel_mode_without_service_name_fails_naming_the_key()
    {
        var options = new RedisConnectionOptions { Mode = RedisConnectionMode.Sentinel };
        options.SentinelEndpoints.Add("127.0.0.1:26379");

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Dify:Redis:ServiceName is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Sentinel_mode_without_sentinels_or_with_data_endpoints_fails()
    {
        var options = new RedisConnectionOptions { Mode = RedisConnectionMode.Sentinel, ServiceName = "mymaster" };
        options.Endpoints.Add("127.0.0.1:6379");

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Dify:Redis:SentinelEndpoints is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dify:Redis:Endpoints must be empty in Sentinel mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Standalone_without_endpoints_fails_and_with_one_succeeds()
    {
        var options = new RedisConnectionOptions();
        Assert.Contains(Validate(options).Failures!, f => f.StartsWith("Dify:Redis:Endpoints is empty", StringComparison.Ordinal));

        options.Endpoints.Add("redis.internal:6380");
        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void A_configuration_string_pasted_into_an_endpoint_fails_without_echoing_the_password()
    {
        var options = new RedisConnectionOptions();
        options.Endpoints.Add("10.0.0.1:6379,password=hunter2-secret");

        var failures = Validate(options).Failures!.ToList();

        var failure = Assert.Single(failures);
        Assert.StartsWith("Dify:Redis:Endpoints:0 is not an endpoint", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.1:6379", true)]
    [InlineData("[::1]:6379", true)]
    [InlineData("redis-0.redis:6379", true)]
    [InlineData("host:0", false)]
    [InlineData("host:70000", false)]
    [InlineData("::1:6379", false)]
    [InlineData("redis://host:6379", false)]
    [InlineData("", false)]
    public void Endpoint_syntax_is_checked(string endpoint, bool valid)
    {
        var options = new RedisConnectionOptions();
        options.Endpoints.Add(endpoint);

        Assert.Equal(valid, Validate(options).Succeeded);
    }

    [Fact]
    public void Cluster_mode_rejects_a_database_other_than_zero()
    {
        var options = new RedisConnectionOptions { Mode = RedisConnectionMode.Cluster, Database = 2 };
        options.Endpoints.Add("127.0.0.1:7000");

        Assert.Contains(Validate(options).Failures!, f => f.Contains("Redis Cluster has only database 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Timeouts_out_of_range_fail_with_the_range()
    {
        var options = new RedisConnectionOptions { ConnectTimeout = TimeSpan.Zero, RetryMaxDelay = TimeSpan.FromMilliseconds(10) };
        options.Endpoints.Add("127.0.0.1");

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Dify:Redis:ConnectTimeout is 00:00:00: use a value from", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dify:Redis:RetryMaxDelay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_options_from_configuration_stop_the_host_at_start_up_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dify:Redis:Mode"] = "Sentinel",
            ["Dify:Redis:SentinelEndpoints:0"] = "127.0.0.1:26379",
            ["Dify:Redis:Password"] = "never-shown-pw",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDifyRedis(configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dify:Redis:ServiceName is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_fails_start_up_without_the_password_in_the_message()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDifyRedis(o =>
        {
            // Port 1 on loopback refuses at once.
            o.Endpoints.Add("127.0.0.1:1");
            o.Password = "very-secret-password";
            o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => host.StartAsync());

        Assert.Contains("Dify:Redis:Endpoints", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-password", error.ToString(), StringComparison.Ordinal);
    }
}
