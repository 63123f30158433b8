using Dify.HA.Data.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class PostgresRoutingOptionsValidatorTests
{
    private const string Valid = "Host=pg-a:5432,pg-b:5433;Username=dify;Password=s3cret-pw;Database=dify";

    private static ValidateOptionsResult Validate(Action<PostgresRoutingOptions> set, string section = "Dify:Postgres")
    {
        var options = new PostgresRoutingOptions { ConnectionString = Valid };
        set(options);
        return new PostgresRoutingOptionsValidator(section).Validate(null, options);
    }

    [Fact]
    public void Defaults_with_a_connection_string_are_valid()
    {
        var result = Validate(_ => { });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Missing_connection_string_names_the_key()
    {
        var result = Validate(o => o.ConnectionString = null);
        Assert.True(result.Failed);
        Assert.Contains("Dify:Postgres:ConnectionString is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=pg-a:99999;Password=s3cret-pw", "port from 1 to 65535")]
    [InlineData("Username=dify;Password=s3cret-pw", "has no Host")]
    [InlineData("Host=pg-a,pg-a;Password=s3cret-pw", "twice")]
    [InlineData("Host=/var/run/postgresql;Password=s3cret-pw", "not 'host' or 'host:port'")]
    [InlineData("Host=pg-a;Password=s3cret-pw;Max Pool Size=3", "has an unknown keyword 'max pool size'")]
    [InlineData("Host=pg-a;Password=s3cret-pw;Port=abc", "has a malformed value for 'port'")]
    public void Unparsable_hosts_are_refused_without_echoing_the_password(string connectionString, string expected)
    {
        var result = Validate(o => o.ConnectionString = connectionString);
        Assert.True(result.Failed);
        Assert.Contains("Dify:Postgres:ConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_max_replica_lag_names_the_key_and_the_fix()
    {
        var result = Validate(o => o.MaxReplicaLag = TimeSpan.FromSeconds(-1));
        Assert.True(result.Failed);
        Assert.Contains("Dify:Postgres:MaxReplicaLag must be from", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_max_replica_lag_is_allowed()
    {
        Assert.True(Validate(o => o.MaxReplicaLag = TimeSpan.Zero).Succeeded);
    }

    [Theory]
    [InlineData("MonitorInterval")]
    [InlineData("ProbeTimeout")]
    [InlineData("FailoverTimeout")]
    [InlineData("RediscoveryInterval")]
    [InlineData("RetryBaseDelay")]
    [InlineData("PatroniTimeout")]
    public void Zero_intervals_are_refused_by_key(string key)
    {
        var result = Validate(o => typeof(PostgresRoutingOptions).GetProperty(key)!.SetValue(o, TimeSpan.Zero));
        Assert.True(result.Failed);
        Assert.Contains($"Dify:Postgres:{key} must be from", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_age_shorter_than_the_interval_is_refused()
    {
        var result = Validate(o =>
        {
            o.MonitorInterval = TimeSpan.FromSeconds(2);
            o.MaxSampleAge = TimeSpan.FromSeconds(1);
        });
        Assert.Contains("Dify:Postgres:MaxSampleAge", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Patroni_url_for_an_unknown_host_is_refused()
    {
        var result = Validate(o => o.Patroni.Add(new PatroniMember { Host = "pg-c:5432", Url = "http://pg-c:8008" }));
        Assert.Contains("Dify:Postgres:Patroni:0:Host 'pg-c:5432' is not a host of", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("pg-a:5432, pg-b:5433", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Patroni_url_must_be_http()
    {
        var result = Validate(o => o.Patroni.Add(new PatroniMember { Host = "pg-a:5432", Url = "ftp://pg-a" }));
        Assert.Contains("Dify:Postgres:Patroni:0:Url is not an absolute http(s) URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(Validate(o => o.Patroni.Add(new PatroniMember { Host = "pg-a:5432", Url = "http://pg-a:8008" })).Succeeded);
    }

    [Fact]
    public void Attempts_out_of_range_are_refused()
    {
        Assert.Contains("Dify:Postgres:MaxAttempts", Validate(o => o.MaxAttempts = 0).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_use_the_bound_section_path()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Apps:Db:ConnectionString"] = Valid,
                ["Apps:Db:MaxReplicaLag"] = "-00:00:01",
            })
            .Build();
        using var provider = new ServiceCollection().AddDifyPostgres(config, "Apps:Db").BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgresRoutingOptions>>().Value);
        Assert.Contains("Apps:Db:MaxReplicaLag", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_reads_every_scalar_key_and_the_patroni_map()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Dify:Postgres:ConnectionString"] = Valid,
                ["Dify:Postgres:MaxReplicaLag"] = "00:00:05",
                ["Dify:Postgres:ReadYourWritesWait"] = "00:00:00.250",
                ["Dify:Postgres:Patroni:0:Host"] = "pg-a:5432",
                ["Dify:Postgres:Patroni:0:Url"] = "http://pg-a:8008",
            })
            .Build();
        using var provider = new ServiceCollection().AddDifyPostgres(config).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PostgresRoutingOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxReplicaLag);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ReadYourWritesWait);
        var member = Assert.Single(options.Patroni);
        Assert.Equal("pg-a:5432", member.Host);
        Assert.Equal("http://pg-a:8008", member.Url);
    }

    [Fact]
    public void Redacted_connection_string_hides_the_password()
    {
        var redacted = Dify.HA.Data.Postgres.Internals.ConnectionStringRedactor.Redact(Valid);
        Assert.DoesNotContain("s3cret-pw", redacted, StringComparison.Ordinal);
        Assert.Contains("pg-a:5432", redacted, StringComparison.Ordinal);
        var text = new PostgresRoutingOptions { ConnectionString = Valid }.ToString();
        Assert.DoesNotContain("s3cret-pw", text, StringComparison.Ordinal);
        Assert.Contains("Password=***", text, StringComparison.Ordinal);
    }
}
