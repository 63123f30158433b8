using System.Net;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Postgres.Internals;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class TopologyMonitorTests
{
    private static readonly PostgresEndpoint[] Endpoints = [new("pg-a", 5432), new("pg-b", 5432)];

    private static readonly PostgresRoutingOptions Options = new()
    {
        ConnectionString = "Host=pg-a,pg-b",
        RediscoveryInterval = TimeSpan.FromMilliseconds(10),
        FailoverTimeout = TimeSpan.FromSeconds(5),
    };

    private static HostProbeResult PrimaryAt(string lsn) => new(false, NpgsqlLogSequenceNumber.Parse(lsn));

    private static HostProbeResult StandbyAt(string lsn) => new(true, NpgsqlLogSequenceNumber.Parse(lsn));

    private static TopologyMonitor NewMonitor(IHostProber prober, IPatroniClient? patroni = null, Dictionary<int, Uri>? urls = null) =>
        new(Endpoints, Options, prober, patroni, urls ?? [], TimeProvider.System, NullLogger.Instance, metrics: null, changed: null);

    [Fact]
    public async Task Roles_are_discovered_from_the_hosts_not_declared()
    {
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(i == 0 ? StandbyAt("0/100") : PrimaryAt("0/200")));
        await using var monitor = NewMonitor(prober);

        var snapshot = await monitor.RunRoundAsync(CancellationToken.None);

        Assert.Equal(1, snapshot.PrimaryIndex);
        Assert.Equal(PostgresHostRole.Standby, snapshot.Samples[0].Role);
        Assert.Equal(256L, snapshot.Samples[0].LagBytes);
        Assert.True(snapshot.Discovered);
    }

    [Fact]
    public async Task Concurrent_failures_share_one_rediscovery_and_one_probe_of_the_dead_host()
    {
        var deadHostAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failedOver = false;
        var prober = new ScriptedProber(2, async (i, ct) =>
        {
            if (!Volatile.Read(ref failedOver)) return i == 0 ? PrimaryAt("0/100") : StandbyAt("0/100");
            if (i == 0)
            {
                await deadHostAnswer.Task.WaitAsync(ct); // a dead host that takes its time to refuse
                throw new NpgsqlException("Failed to connect", new IOException("refused"));
            }

            return PrimaryAt("0/180");
        });
        await using var monitor = NewMonitor(prober);
        Assert.Equal(0, (await monitor.RunRoundAsync(CancellationToken.None)).PrimaryIndex);

        Volatile.Write(ref failedOver, true);
        monitor.MarkUnknown(0);
        Assert.Equal(-1, monitor.Current.PrimaryIndex); // writers stop going to the dead host at once

        var waiters = Enumerable.Range(0, 50).Select(_ => Task.Run(() => monitor.RediscoverAsync(CancellationToken.None))).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (prober.Calls(0) < 2 && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.DoesNotContain(waiters, w => w.IsCompleted);

        deadHostAnswer.SetResult();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, monitor.RediscoveryRuns);
        Assert.Equal(2, prober.Calls(0)); // the initial round + ONE re-discovery probe, not one per caller
        Assert.Equal(1, monitor.Current.PrimaryIndex);
        Assert.Equal(PostgresHostRole.Unreachable, monitor.Current.Samples[0].Role);
    }

    [Fact]
    public async Task A_rediscovery_when_a_primary_is_known_returns_at_once()
    {
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(i == 0 ? PrimaryAt("0/100") : StandbyAt("0/100")));
        await using var monitor = NewMonitor(prober);
        await monitor.RunRoundAsync(CancellationToken.None);

        await monitor.RediscoverAsync(CancellationToken.None);

        Assert.Equal(0, monitor.RediscoveryRuns);
        Assert.Equal(1, prober.Calls(0));
    }

    [Fact]
    public async Task Rediscovery_keeps_probing_until_the_standby_is_promoted()
    {
        var rounds = 0;
        var prober = new ScriptedProber(2, (i, _) =>
        {
            if (i == 0) throw new NpgsqlException("Failed to connect", new IOException("refused"));
            return ValueTask.FromResult(Volatile.Read(ref rounds) < 3 ? StandbyAt("0/100") : PrimaryAt("0/100"));
        });
        await using var monitor = NewMonitor(prober);
        prober.Probe = (i, ct) =>
        {
            if (i == 0) return ValueTask.FromException<HostProbeResult>(new NpgsqlException("Failed to connect", new IOException("refused")));
            return ValueTask.FromResult(Interlocked.Increment(ref rounds) < 3 ? StandbyAt("0/100") : PrimaryAt("0/100"));
        };

        await monitor.RediscoverAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, monitor.Current.PrimaryIndex);
        Assert.Equal(3, Volatile.Read(ref rounds));
        Assert.Equal(1, monitor.RediscoveryRuns);
    }

    [Fact]
    public async Task Two_primaries_without_patroni_refuse_writes()
    {
        var prober = new ScriptedProber(2, (_, _) => ValueTask.FromResult(PrimaryAt("0/100")));
        await using var monitor = NewMonitor(prober);
        Assert.Equal(-1, (await monitor.RunRoundAsync(CancellationToken.None)).PrimaryIndex);
    }

    [Fact]
    public async Task Patroni_leader_decides_between_two_primaries()
    {
        var handler = new FakePatroniHandler();
        handler.Status["pg-a:8008"] = HttpStatusCode.ServiceUnavailable;
        handler.Status["pg-b:8008"] = HttpStatusCode.OK;
        using var patroni = new PatroniClient(TimeSpan.FromSeconds(1), handler);
        var prober = new ScriptedProber(2, (_, _) => ValueTask.FromResult(PrimaryAt("0/100")));
        await using var monitor = NewMonitor(prober, patroni, new Dictionary<int, Uri> { [0] = new("http://pg-a:8008/"), [1] = new("http://pg-b:8008/") });

        var snapshot = await monitor.RunRoundAsync(CancellationToken.None);

        Assert.Equal(1, snapshot.PrimaryIndex);
        Assert.False(snapshot.Samples[0].LeaderConfirmed);
        Assert.True(snapshot.Samples[1].LeaderConfirmed);
        Assert.All(handler.Paths, p => Assert.Equal("/primary", p));
    }

    [Fact]
    public async Task A_primary_that_patroni_does_not_call_leader_is_refused_writes()
    {
        var handler = new FakePatroniHandler();
        handler.Status["pg-a:8008"] = HttpStatusCode.ServiceUnavailable;
        using var patroni = new PatroniClient(TimeSpan.FromSeconds(1), handler);
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(i == 0 ? PrimaryAt("0/100") : StandbyAt("0/100")));
        await using var monitor = NewMonitor(prober, patroni, new Dictionary<int, Uri> { [0] = new("http://pg-a:8008/") });

        Assert.Equal(-1, (await monitor.RunRoundAsync(CancellationToken.None)).PrimaryIndex);

        handler.Status["pg-a:8008"] = HttpStatusCode.OK; // Patroni confirms the leader again
        Assert.Equal(0, (await monitor.RunRoundAsync(CancellationToken.None)).PrimaryIndex);
    }

    [Fact]
    public async Task An_unreachable_patroni_fails_closed()
    {
        var handler = new FakePatroniHandler(); // knows no host: every call fails
        using var patroni = new PatroniClient(TimeSpan.FromSeconds(1), handler);
        Assert.False(await patroni.IsLeaderAsync(new Uri("http://pg-a:8008/"), CancellationToken.None));
        handler.Status["pg-a:8008"] = HttpStatusCode.OK;
        Assert.True(await patroni.IsLeaderAsync(new Uri("http://pg-a:8008/"), CancellationToken.None));
        Assert.Equal(2, handler.Requests);
    }
}
