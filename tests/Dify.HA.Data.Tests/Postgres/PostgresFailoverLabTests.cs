using System.Collections.Concurrent;
using System.Diagnostics;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tests.Lab;
using Npgsql;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Postgres;

[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresFailoverLabTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;

    public PostgresFailoverLabTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => Task.CompletedTask;

    // Leave a working primary + streaming standby for the next test, whichever node is primary now.
    public async Task DisposeAsync() => await LabControl.RestorePostgresAsync();

    [Fact]
    public Task With_synchronous_replication_writes_resume_after_failover_and_no_acknowledged_write_is_lost() =>
        RunFailoverAsync(synchronous: true);

    [Fact]
    public Task Without_synchronous_replication_writes_resume_after_failover_and_the_loss_window_is_reported() =>
        RunFailoverAsync(synchronous: false);

    [Fact]
    public async Task A_demoted_old_primary_answers_25006_and_the_client_follows_the_new_primary()
    {
        var (oldPrimary, _) = await LabRouters.RolesAsync();
        // Npgsql trusts a host's cached role for Host Recheck Seconds, and without pooling every open is a new
        // physical connection: exactly how a client meets a demoted primary that came back as a standby.
        await using var router = LabRouters.Create(
            o =>
            {
                o.MonitorInterval = TimeSpan.FromMinutes(1); // the monitor must not notice the switch first
                o.MaxSampleAge = TimeSpan.FromMinutes(10);
            },
            extra: "Timeout=2;Pooling=false;Host Recheck Seconds=3600");
        await LabRouters.ReadyAsync(router);
        await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, "CREATE TABLE IF NOT EXISTS h6_demoted (id bigint PRIMARY KEY)", ct));

        await LabControl.PostgresFailoverAsync();
        await LabControl.PostgresRejoinAsync();
        var (newPrimary, demoted) = await LabRouters.RolesAsync();
        Assert.Equal(oldPrimary.Port, demoted.Port);

        await using (var direct = new NpgsqlConnection(demoted.ConnectionString))
        {
            await direct.OpenAsync();
            var refused = await Assert.ThrowsAsync<PostgresException>(() => LabRouters.ExecAsync(direct, "INSERT INTO h6_demoted VALUES (0)"));
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        }

        var attempts = new ConcurrentQueue<(int Attempt, string Endpoint, string? SqlState)>();
        await router.ExecuteAsync(
            DbIntent.Write,
            async (ctx, ct) =>
            {
                try
                {
                    await LabRouters.ExecAsync(ctx.Connection, "INSERT INTO h6_demoted VALUES (1) ON CONFLICT DO NOTHING", ct);
                    attempts.Enqueue((ctx.Attempt, ctx.Endpoint, null));
                }
                catch (PostgresException ex)
                {
                    attempts.Enqueue((ctx.Attempt, ctx.Endpoint, ex.SqlState));
                    throw;
                }
            },
            idempotent: true);

        foreach (var a in attempts) _output.WriteLine($"attempt {a.Attempt} on {a.Endpoint}: {a.SqlState ?? "ok"}");
        var list = attempts.ToList();
        Assert.Equal((1, LabRouters.Endpoint(demoted), "25006"), list[0]);
        Assert.Equal((2, LabRouters.Endpoint(newPrimary), (string?)null), list[^1]);
        Assert.Equal(LabRouters.Endpoint(newPrimary), router.PrimaryEndpoint);
    }

    private async Task RunFailoverAsync(bool synchronous)
    {
        await LabRouters.RolesAsync();
        await using var router = LabRouters.Create();
        await LabRouters.ReadyAsync(router);
        var table = synchronous ? "h6_failover_sync" : "h6_failover_async";
        await router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, $"CREATE TABLE IF NOT EXISTS {table} (id bigint PRIMARY KEY); TRUNCATE {table}", ct));
        await LabControl.SetSynchronousAsync(synchronous);

        var clock = Stopwatch.StartNew();
        var acked = new ConcurrentQueue<(long Id, TimeSpan At)>();
        var unknown = new ConcurrentQueue<long>();
        var errors = new ConcurrentQueue<string>();
        long nextId = 0;
        using var stop = new CancellationTokenSource();
        async Task Writer()
        {
            while (!stop.IsCancellationRequested)
            {
                var id = Interlocked.Increment(ref nextId);
                try
                {
                    await router.ExecuteAsync(
                        DbIntent.Write,
                        async (ctx, ct) =>
                        {
                            await using var insert = new NpgsqlCommand($"INSERT INTO {table} VALUES ($1) ON CONFLICT DO NOTHING", ctx.Connection) { Parameters = { new() { Value = id } } };
                            await insert.ExecuteNonQueryAsync(ct);
                        },
                        idempotent: true);
                    acked.Enqueue((id, clock.Elapsed));
                }
                catch (PostgresCommitOutcomeUnknownException)
                {
                    unknown.Enqueue(id);
                }
                catch (Exception ex) when (ex is NpgsqlException or PostgresPrimaryUnavailableException)
                {
                    errors.Enqueue(ex.GetType().Name + ": " + ex.Message);
                }
            }
        }

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(Writer)).ToArray();
        Assert.True(await LabRouters.EventuallyAsync(() => acked.Count > 100, TimeSpan.FromSeconds(10)), "writers did not get going");

        var killAt = clock.Elapsed;
        var failover = await LabControl.PostgresFailoverAsync();
        var promotedAt = killAt + failover.TotalTime; // the first write the lab script itself got accepted
        // Writers go on until the new primary has acknowledged a good number of writes of its own.
        await LabRouters.EventuallyAsync(() => acked.Count(a => a.At > promotedAt) >= 50, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var (newPrimary, _) = (await LabControl.GetPostgresRolesAsync()) is { Primary: { } p } ? (p, 0) : throw new InvalidOperationException("no primary after failover");
        var present = new HashSet<long>();
        await using (var connection = await router.OpenConnectionAsync(DbIntent.ReadPrimary))
        {
            Assert.Equal((false, newPrimary.Port), await LabRouters.WhereAsync(connection));
            await using var select = new NpgsqlCommand($"SELECT id FROM {table}", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) present.Add(reader.GetInt64(0));
        }

        var ackList = acked.ToList();
        var lost = ackList.Where(a => !present.Contains(a.Id)).ToList();
        // The longest gap between acknowledged writes is the outage as the application saw it: it starts at the
        // kill (the old primary acknowledges until it dies) and ends with the first write the new primary accepted.
        // The lab measured kill -> processes gone -> promoted and writable, so the gap minus those is how long after
        // the promotion the router resumed (our clock and the script's differ by the script's start-up, not used).
        var times = ackList.Select(a => a.At).Where(t => t >= killAt).Order().ToList();
        var outage = times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.MaxValue).Max();
        var resumeAfterPromotion = outage - failover.KillTime - failover.PromoteTime;
        var unknownCommitted = unknown.Count(present.Contains);
        _output.WriteLine(
            $"{(synchronous ? "sync" : "async")} replication: lab failover (kill {failover.KillTime.TotalMilliseconds:F0} ms, promote + first write {failover.PromoteTime.TotalMilliseconds:F0} ms); " +
            $"write outage (longest gap between acknowledged writes) {outage.TotalMilliseconds:F0} ms, i.e. writes resumed {resumeAfterPromotion.TotalMilliseconds:F0} ms after the promotion");
        _output.WriteLine($"acknowledged {ackList.Count}, lost {lost.Count} (ids {string.Join(",", lost.Take(10).Select(l => l.Id))}), outcome unknown {unknown.Count} (of which committed {unknownCommitted}), failed {errors.Count}");
        foreach (var e in errors.Take(3)) _output.WriteLine("  " + e);

        Assert.Empty(errors);
        Assert.True(resumeAfterPromotion < TimeSpan.FromSeconds(2), $"writes resumed {resumeAfterPromotion.TotalMilliseconds:F0} ms after promotion");
        Assert.Equal(LabRouters.Endpoint(newPrimary), router.PrimaryEndpoint);
        if (synchronous)
        {
            Assert.Empty(lost);
        }

        await LabControl.PostgresRejoinAsync();
    }
}
