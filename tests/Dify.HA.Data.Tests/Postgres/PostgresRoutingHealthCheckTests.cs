using Dify.HA.Data.Postgres;
using Dify.HA.Data.Postgres.Internals;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using NpgsqlTypes;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class PostgresRoutingHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private PostgresRoutingDataSource NewRouter(ScriptedProber prober) =>
        new(
            new PostgresRoutingOptions { ConnectionString = "Host=pg-a:5432,pg-b:5432;Username=u;Password=p", MaxReplicaLag = TimeSpan.FromSeconds(1) },
            loggerFactory: null,
            _time,
            meterFactory: null,
            prober,
            patroni: null,
            startMonitor: false);

    private static HostProbeResult At(bool standby, string lsn) => new(standby, NpgsqlLogSequenceNumber.Parse(lsn));

    private static Task<HealthCheckResult> Check(PostgresRoutingDataSource router) =>
        new PostgresRoutingHealthCheck(router).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Healthy_with_a_primary_and_a_caught_up_standby()
    {
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(At(i == 1, "0/100")));
        await using var router = NewRouter(prober);
        await router.RefreshAsync();

        var result = await Check(router);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("pg-a:5432", router.PrimaryEndpoint);
        Assert.Equal("standby lag=0ms", result.Data["pg-b:5432"]);
    }

    [Fact]
    public async Task Degraded_when_the_standby_lags_over_the_bound()
    {
        var primaryLsn = "0/100";
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(i == 0 ? At(false, primaryLsn) : At(true, "0/100")));
        await using var router = NewRouter(prober);
        await router.RefreshAsync();
        primaryLsn = "0/200"; // the primary moves on, the standby does not replay
        _time.Advance(TimeSpan.FromSeconds(1));
        await router.RefreshAsync();
        _time.Advance(TimeSpan.FromSeconds(1.5));
        await router.RefreshAsync();

        var standby = router.Hosts[1];
        Assert.Equal(TimeSpan.FromSeconds(1.5), standby.Lag);
        Assert.Equal(256L, standby.LagBytes);
        var result = await Check(router);
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("pg-b:5432 lags more than", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_without_a_primary()
    {
        var prober = new ScriptedProber(2, (i, _) => i == 0
            ? ValueTask.FromException<HostProbeResult>(new IOException("refused"))
            : ValueTask.FromResult(At(true, "0/100")));
        await using var router = NewRouter(prober);
        await router.RefreshAsync();

        var result = await Check(router);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Null(router.PrimaryEndpoint);
        Assert.Equal(PostgresHostRole.Unreachable, router.Hosts[0].Role);
    }

    [Fact]
    public async Task Unhealthy_when_the_primary_has_not_answered_for_longer_than_the_sample_age()
    {
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(At(i == 1, "0/100")));
        await using var router = NewRouter(prober);
        await router.RefreshAsync();
        _time.Advance(TimeSpan.FromSeconds(10)); // the monitor stalled

        Assert.Equal(HealthStatus.Unhealthy, (await Check(router)).Status);
    }
}
