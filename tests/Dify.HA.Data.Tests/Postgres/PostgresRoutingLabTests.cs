using System.Collections.Concurrent;
using System.Diagnostics;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tests.Lab;
using Npgsql;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Postgres;

[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresRoutingLabTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;

    public PostgresRoutingLabTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await LabControl.SetReplayDelayAsync(TimeSpan.Zero);

    [Fact]
    public async Task Reads_land_on_the_standby_and_writes_on_the_primary()
    {
        var (primary, standby) = await LabRouters.RolesAsync();
        await using var router = LabRouters.Create();
        await LabRouters.ReadyAsync(router);
        Assert.Equal(LabRouters.Endpoint(primary), router.PrimaryEndpoint);

        var write = await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.WhereAsync(ctx.Connection, ct));
        Assert.Equal((false, primary.Port), write);

        // Work that commits its own transaction is left alone (no second COMMIT, no "outcome unknown").
        var committedItself = await router.ExecuteAsync(DbIntent.Write, async (ctx, ct) =>
        {
            await ctx.Transaction!.CommitAsync(ct);
            return true;
        });
        Assert.True(committedItself);

        for (var i = 0; i < 20; i++)
        {
            var read = await router.ExecuteAsync(DbIntent.Read, (ctx, ct) => LabRouters.WhereAsync(ctx.Connection, ct));
            Assert.Equal((true, standby.Port), read);
        }

        await using (var connection = await router.OpenConnectionAsync(DbIntent.Read))
        {
            Assert.Equal((true, standby.Port), await LabRouters.WhereAsync(connection));
        }

        await using (var connection = await router.OpenConnectionAsync(DbIntent.ReadPrimary))
        {
            Assert.Equal((false, primary.Port), await LabRouters.WhereAsync(connection));
            Assert.Equal(primary.Port, connection.Port); // a multi-host connection names the host it reached (the Patroni guard relies on it)
        }
    }

    [Fact]
    public async Task With_a_2s_replay_delay_read_your_writes_is_never_stale_while_plain_reads_use_the_standby()
    {
        await LabRouters.RolesAsync();
        await using var router = LabRouters.Create(o => o.MaxReplicaLag = TimeSpan.FromSeconds(5));
        await LabRouters.ReadyAsync(router);
        await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, "CREATE TABLE IF NOT EXISTS h6_ryw (id bigint PRIMARY KEY); TRUNCATE h6_ryw", ct));
        await LabControl.SetReplayDelayAsync(TimeSpan.FromSeconds(2));

        long nextId = 0, stale = 0, rywOnStandby = 0, plainOnStandby = 0, plainOnPrimary = 0, plainStale = 0, total = 0;
        var stop = new CancellationTokenSource();
        var sw = Stopwatch.StartNew();

        async Task Writer()
        {
            for (var i = 0; i < 600; i++)
            {
                using var session = router.BeginSession();
                var id = Interlocked.Increment(ref nextId);
                await router.ExecuteAsync(DbIntent.Write, async (ctx, ct) =>
                {
                    await using var insert = new NpgsqlCommand("INSERT INTO h6_ryw VALUES ($1)", ctx.Connection) { Parameters = { new() { Value = id } } };
                    await insert.ExecuteNonQueryAsync(ct);
                });
                Assert.NotNull(session.LastWriteLsn);
                var (seen, onStandby) = await router.ExecuteAsync(DbIntent.Read, async (ctx, ct) =>
                {
                    await using var select = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM h6_ryw WHERE id = $1), pg_is_in_recovery()", ctx.Connection) { Parameters = { new() { Value = id } } };
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    await reader.ReadAsync(ct);
                    return (reader.GetBoolean(0), reader.GetBoolean(1));
                });
                Interlocked.Increment(ref total);
                if (!seen) Interlocked.Increment(ref stale);
                if (onStandby) Interlocked.Increment(ref rywOnStandby);
            }
        }

        async Task PlainReader()
        {
            while (!stop.IsCancellationRequested)
            {
                var newest = Interlocked.Read(ref nextId) - 1; // committed a moment ago (ids are acknowledged in order per writer)
                var (seen, onStandby) = await router.ExecuteAsync(DbIntent.Read, async (ctx, ct) =>
                {
                    await using var select = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM h6_ryw WHERE id = $1), pg_is_in_recovery()", ctx.Connection) { Parameters = { new() { Value = newest } } };
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    await reader.ReadAsync(ct);
                    return (reader.GetBoolean(0), reader.GetBoolean(1));
                });
                if (onStandby) Interlocked.Increment(ref plainOnStandby); else Interlocked.Increment(ref plainOnPrimary);
                if (!seen && newest > 0) Interlocked.Increment(ref plainStale);
                await Task.Delay(2);
            }
        }

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(PlainReader)).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(Writer)));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var standbyLag = router.Hosts.Single(h => h.Role == PostgresHostRole.Standby).Lag;
        _output.WriteLine($"read-your-writes: {total} write+read pairs in {sw.Elapsed.TotalSeconds:F1} s, stale {stale}, served by the standby {rywOnStandby}");
        _output.WriteLine($"plain reads: {plainOnStandby} on the standby, {plainOnPrimary} on the primary; {plainStale} did not see the newest write (the delay is real); standby lag at the end {standbyLag?.TotalMilliseconds:F0} ms");
        Assert.Equal(2400, total);
        Assert.Equal(0, stale);
        Assert.True(plainOnStandby > plainOnPrimary, "plain reads should stay on the standby (lag ~2 s is under MaxReplicaLag 5 s)");
        Assert.True(plainStale > 0, "the 2 s replay delay should make some plain reads miss the newest write (else this test proves nothing)");
    }

    [Theory]
    [InlineData(3000)] // longer than the 2 s replay delay: the read waits on the standby and sees the write there
    [InlineData(200)]  // shorter: it gives up waiting and reads the primary
    public async Task A_bounded_read_your_writes_wait_reads_the_standby_once_replayed_else_the_primary(int waitMs)
    {
        var (primary, standby) = await LabRouters.RolesAsync();
        await using var router = LabRouters.Create(o =>
        {
            o.MaxReplicaLag = TimeSpan.FromSeconds(10);
            o.ReadYourWritesWait = TimeSpan.FromMilliseconds(waitMs);
        });
        await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, "CREATE TABLE IF NOT EXISTS h6_wait (id bigint PRIMARY KEY)", ct));
        await LabControl.SetReplayDelayAsync(TimeSpan.FromSeconds(2));
        await LabRouters.ReadyAsync(router);

        using var session = router.BeginSession();
        var id = DateTime.UtcNow.Ticks;
        await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, $"INSERT INTO h6_wait VALUES ({id})", ct));
        var clock = Stopwatch.StartNew();
        var (seen, port) = await router.ExecuteAsync(DbIntent.Read, async (ctx, ct) =>
        {
            await using var select = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM h6_wait WHERE id = {id}), inet_server_port()", ctx.Connection);
            await using var reader = await select.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.GetBoolean(0), reader.GetInt32(1));
        });
        _output.WriteLine($"wait {waitMs} ms: read on :{port} after {clock.ElapsedMilliseconds} ms, saw the write: {seen}");

        Assert.True(seen);
        Assert.Equal(waitMs > 2000 ? standby.Port : primary.Port, port);
        if (waitMs > 2000) Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(waitMs + 500));
    }

    [Fact]
    public async Task Lag_over_the_bound_sends_reads_to_the_primary_until_the_standby_catches_up()
    {
        var (primary, standby) = await LabRouters.RolesAsync();
        await using var router = LabRouters.Create(o => o.MaxReplicaLag = TimeSpan.FromMilliseconds(500));
        await LabRouters.ReadyAsync(router);
        await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, "CREATE TABLE IF NOT EXISTS h6_lag (id bigserial PRIMARY KEY)", ct));
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, "INSERT INTO h6_lag DEFAULT VALUES", ct));
                await Task.Delay(10);
            }
        });

        try
        {
            await LabControl.SetReplayDelayAsync(TimeSpan.FromSeconds(2));
            TimeSpan? Lag() => router.Hosts.Single(h => h.Endpoint == LabRouters.Endpoint(standby)).Lag;
            Assert.True(await LabRouters.EventuallyAsync(() => Lag() > TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), "the standby never lagged over 500 ms");
            _output.WriteLine($"standby lag with a 2 s delay: {Lag()?.TotalMilliseconds:F0} ms");

            for (var i = 0; i < 30; i++)
            {
                var read = await router.ExecuteAsync(DbIntent.Read, (ctx, ct) => LabRouters.WhereAsync(ctx.Connection, ct));
                Assert.Equal((false, primary.Port), read);
            }

            await LabControl.SetReplayDelayAsync(TimeSpan.Zero);
            Assert.True(await LabRouters.EventuallyAsync(() => Lag() <= TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), "the standby never caught up");
            var after = await router.ExecuteAsync(DbIntent.Read, (ctx, ct) => LabRouters.WhereAsync(ctx.Connection, ct));
            Assert.Equal((true, standby.Port), after);
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }

    [Theory]
    [InlineData(true)]  // idle pooled connections to the standby are reset: reads fail fast and move to the primary
    [InlineData(false)] // every read opens a new connection, which the dead host leaves unanswered: the connect timeout ends it
    public async Task A_dead_standby_never_blocks_reads_for_longer_than_one_connect_timeout(bool pooling)
    {
        var (primary, standby) = await LabRouters.RolesAsync();
        await using var proxy = new TcpFaultProxy(standby.Port);
        var env = LabEnvironment.Load();
        var cs = $"Host=127.0.0.1:{primary.Port},127.0.0.1:{proxy.Port};Username={env["PG_USER"]};Password={env["PG_PASSWORD"]};Database={env["PG_DATABASE"]}";
        var connectTimeout = TimeSpan.FromSeconds(1);
        await using var router = LabRouters.Create(connectionString: cs, extra: $"Timeout=1;Command Timeout=10;Pooling={pooling}");
        await LabRouters.ReadyAsync(router);
        Assert.True((await router.ExecuteAsync(DbIntent.Read, (ctx, ct) => LabRouters.WhereAsync(ctx.Connection, ct))).InRecovery);

        var latencies = new ConcurrentBag<(TimeSpan At, TimeSpan Took, bool OnStandby)>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan killedAt = TimeSpan.MaxValue;
        using var stop = new CancellationTokenSource();
        async Task Reader()
        {
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                try
                {
                    var onStandby = await router.ExecuteAsync(DbIntent.Read, async (ctx, ct) =>
                    {
                        await LabRouters.ExecAsync(ctx.Connection, "SELECT 1", ct);
                        return ctx.OnStandby;
                    });
                    latencies.Add((started, clock.Elapsed - started, onStandby));
                }
                catch (Exception ex) when (ex is NpgsqlException or PostgresPrimaryUnavailableException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(Reader)).ToArray();
        Assert.True(await LabRouters.EventuallyAsync(() => latencies.Count >= 20, TimeSpan.FromSeconds(10)), "readers did not get going");
        killedAt = clock.Elapsed;
        proxy.Kill();
        // Readers go on until reads begun well after the kill (more than a connect timeout later) have come back: the
        // reads caught by the kill and the ones after it are all measured.
        var settled = killedAt + connectTimeout + TimeSpan.FromMilliseconds(500);
        Assert.True(await LabRouters.EventuallyAsync(() => latencies.Count(l => l.At > settled) >= 20, TimeSpan.FromSeconds(15)), "reads did not resume after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var afterKill = latencies.Where(l => l.At + l.Took > killedAt).ToList();
        var worst = afterKill.Max(l => l.Took);
        _output.WriteLine($"dead standby (pooling {pooling}): {afterKill.Count} reads after the kill, worst {worst.TotalMilliseconds:F0} ms (connect timeout {connectTimeout.TotalMilliseconds:F0} ms), {afterKill.Count(l => !l.OnStandby)} on the primary, {failures} failed");
        Assert.Equal(0, failures);
        Assert.True(worst <= connectTimeout + TimeSpan.FromMilliseconds(500), $"a read took {worst.TotalMilliseconds:F0} ms");
        Assert.False(afterKill.Any(l => l.At > killedAt + connectTimeout && l.OnStandby), "reads kept going to the dead standby");
        Assert.NotEqual(PostgresHostRole.Standby, router.Hosts[1].Role);

        proxy.Revive();
        Assert.True(await LabRouters.EventuallyAsync(() => router.Hosts[1].Role == PostgresHostRole.Standby, TimeSpan.FromSeconds(5)), "the revived standby was not found again");
        Assert.True((await router.ExecuteAsync(DbIntent.Read, (ctx, ct) => LabRouters.WhereAsync(ctx.Connection, ct))).InRecovery);
    }
}
