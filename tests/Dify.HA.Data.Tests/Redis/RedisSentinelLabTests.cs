using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Telemetry;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Redis;

/// <summary>The provider against the lab's master + replica + 3 Sentinels. Each failover test restores the topology.</summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Redis")]
public sealed class RedisSentinelLabTests
{
    private readonly ITestOutputHelper _output;
    private readonly RedisLab _lab = RedisLab.Load();

    public RedisSentinelLabTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Connects_through_the_Sentinels_to_the_master_and_writes()
    {
        await using var provider = new RedisConnectionProvider(_lab.SentinelOptions());
        var masterPort = await RedisLab.MasterPortAsync();

        await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync("h5:smoke", "1"));
        var value = await provider.ExecuteAsync(RedisCommandSafety.Read, db => db.StringGetAsync("h5:smoke"));

        Assert.Equal("1", value.ToString());
        var master = Assert.Single(provider.LastKnownMasters);
        Assert.Equal(masterPort, ((IPEndPoint)master).Port);
    }

    [Fact]
    public async Task An_unknown_service_name_fails_start_up_listing_the_names_the_Sentinels_know()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDifyRedis(o =>
        {
            var lab = _lab.SentinelOptions(x => x.ServiceName = "no-such-master");
            o.Mode = lab.Mode;
            o.ServiceName = lab.ServiceName;
            o.Password = lab.Password;
            foreach (var e in lab.SentinelEndpoints) o.SentinelEndpoints.Add(e);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        _output.WriteLine(error.Message);
        Assert.Contains("Dify:Redis:ServiceName 'no-such-master' is not monitored", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{_lab.ServiceName}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_lab.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Sentinel_that_is_down_does_not_stop_connections()
    {
        await RedisLab.RunAsync("sentinel-stop", "1");
        try
        {
            await using var provider = new RedisConnectionProvider(_lab.SentinelOptions());

            await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync("h5:sentinel-down", "ok"));

            Assert.Equal("ok", (await provider.ExecuteAsync(RedisCommandSafety.Read, db => db.StringGetAsync("h5:sentinel-down"))).ToString());
        }
        finally
        {
            await RedisLab.RunAsync("sentinel-start", "1");
        }
    }

    [Fact]
    public async Task Writes_resume_within_down_after_plus_two_seconds_when_the_master_is_SIGKILLed()
    {
        // The provider's log goes to the test output: when the gap is long, it shows which step took the time.
        await using var provider = new RedisConnectionProvider(_lab.SentinelOptions(), new TestOutputLogger<RedisConnectionProvider>(_output));
        var switches = new List<RedisMasterChangedEventArgs>();
        provider.MasterChanged += (_, e) => { lock (switches) switches.Add(e); };
        await provider.GetConnectionAsync();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(long Issued, long Done)>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var issued = clock.ElapsedMilliseconds;
                try
                {
                    await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync($"h5:kill:{w}", i));
                    acknowledged.Add((issued, clock.ElapsedMilliseconds));
                }
                catch (RedisException)
                {
                    // Counted by its absence: the gap below is what matters.
                }

                await Task.Delay(5);
            }
        })).ToArray();

        try
        {
            await WaitUntilAsync(() => acknowledged.Count > 20, TimeSpan.FromSeconds(5));
            var scriptStarted = clock.ElapsedMilliseconds;
            var killed = RedisLab.Words(await RedisLab.RunAsync("redis-kill-master"));
            var masterDead = clock.ElapsedMilliseconds;

            // Recovered once a write issued after the master was certainly dead has been acknowledged.
            await WaitUntilAsync(() => acknowledged.Any(a => a.Issued >= masterDead), TimeSpan.FromSeconds(20));
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            // The outage is the longest silence between acknowledgements from the kill on.
            var done = acknowledged.Select(a => a.Done).Where(d => d >= scriptStarted - 1000).Order().ToArray();
            var gaps = done.Zip(done.Skip(1), (a, b) => (From: a, Gap: b - a)).ToArray();
            var worst = gaps.MaxBy(g => g.Gap);
            var gap = TimeSpan.FromMilliseconds(worst.Gap);
            _output.WriteLine($"killed {killed.GetValueOrDefault("killed")} (port {killed.GetValueOrDefault("port")}) at ~{scriptStarted}-{masterDead} ms; " +
                $"writes unavailable for {gap.TotalMilliseconds:0} ms (last ack {worst.From} ms, next ack {worst.From + worst.Gap} ms); " +
                $"limit {(_lab.DownAfter + TimeSpan.FromSeconds(2)).TotalMilliseconds:0} ms; acks {acknowledged.Count}; reconfigures {provider.ReconfigureCount}; switches seen {switches.Count}");
            Assert.True(worst.Gap >= 500, $"the kill did not interrupt writes (longest silence {worst.Gap} ms): was the master killed?");
            Assert.True(gap <= _lab.DownAfter + TimeSpan.FromSeconds(2), $"writes were unavailable for {gap.TotalMilliseconds:0} ms");
            Assert.Contains(switches, s => s.NewMaster is IPEndPoint ip && ip.Port != RedisLabPorts.Of(killed));
        }
        finally
        {
            await stop.CancelAsync();
            await RedisLab.RunAsync("redis-heal");
        }
    }

    [Fact]
    public async Task A_manual_REPLICAOF_demotion_produces_READONLY_and_the_provider_recovers()
    {
        var readonlyRetries = 0;

        // A meter factory of this test's own, so that other tests' measurements are not counted.
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == RedisTelemetry.CommandRetries) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == RedisTelemetry.ReasonTag && (string?)tag.Value == "readonly") Interlocked.Increment(ref readonlyRetries);
            }
        });
        listener.Start();

        await using var provider = new RedisConnectionProvider(_lab.SentinelOptions(), meterFactory: meterFactory);
        await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync("h5:demote", "before"));
        var masterPort = await RedisLab.MasterPortAsync();
        var replicaPort = _lab.DataPorts.Single(p => p != masterPort);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { IPAddress.Loopback, masterPort }, { IPAddress.Loopback, replicaPort } },
            Password = _lab.Password,
            AllowAdmin = true,
        });

        try
        {
            // Promote the replica by hand, then demote the master under it: nobody announces anything.
            // Raw commands: the library's ReplicaOfAsync would also broadcast a reconfigure to its clients.
            await admin.GetServer(IPAddress.Loopback, replicaPort).ExecuteAsync("REPLICAOF", "NO", "ONE");
            await admin.GetServer(IPAddress.Loopback, masterPort).ExecuteAsync("REPLICAOF", "127.0.0.1", replicaPort);
            var clock = Stopwatch.StartNew();

            await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync("h5:demote", "after"));

            _output.WriteLine($"write accepted {clock.ElapsedMilliseconds} ms after the demotion; READONLY retries {readonlyRetries}; reconfigures {provider.ReconfigureCount}");
            Assert.True(readonlyRetries > 0, "the demoted master never answered READONLY");
            Assert.True(provider.ReconfigureCount >= 1);
            Assert.Equal(replicaPort, ((IPEndPoint)Assert.Single(provider.LastKnownMasters)).Port);
            var stored = await admin.GetServer(IPAddress.Loopback, replicaPort).ExecuteAsync("GET", "h5:demote");
            Assert.Equal("after", stored.ToString());
        }
        finally
        {
            // Undo the swap before the Sentinels act on it (they need down-after plus an INFO period to notice the
            // master calling itself a replica); if they already failed over, let them finish. Heal then waits until
            // the Sentinels agree and the replica's link is up.
            var status = await RedisLab.RunAsync("redis-status");
            if (status.Split('\n').Where(l => l.StartsWith("sentinel-", StringComparison.Ordinal)).All(l => l.Contains($"master_port={masterPort}", StringComparison.Ordinal)))
            {
                await admin.GetServer(IPAddress.Loopback, masterPort).ExecuteAsync("REPLICAOF", "NO", "ONE");
                await admin.GetServer(IPAddress.Loopback, replicaPort).ExecuteAsync("REPLICAOF", "127.0.0.1", masterPort);
            }
            else
            {
                await WaitForSentinelsToAgreeAsync(replicaPort);
            }

            await RedisLab.RunAsync("redis-heal");
        }
    }

    private static async Task WaitForSentinelsToAgreeAsync(int masterPort)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var status = await RedisLab.RunAsync("redis-status");
            var sentinelLines = status.Split('\n').Where(l => l.StartsWith("sentinel-", StringComparison.Ordinal)).ToArray();
            if (sentinelLines.Length > 0 && sentinelLines.All(l => l.Contains($"master_port={masterPort}", StringComparison.Ordinal))) return;
            await Task.Delay(200);
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
