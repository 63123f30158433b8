using BenchmarkDotNet.Attributes;
using Dify.HA.Data.Postgres;
using Npgsql;

namespace Dify.HA.Benchmarks.Postgres;

/// <summary>
/// Throughput of a read-heavy mix (9 reads : 1 write; each read aggregates 20k rows, about a millisecond of server
/// CPU) from 16 concurrent workers, with reads routed to the standby versus everything on the primary. On a machine
/// with few cores both PostgreSQL servers (and this client) share them, so the ratio shows how much of the primary's
/// CPU the standby takes over only where there are cores to spare. Needs the lab: <c>eng/lab/up</c>.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *ReadMix* --job short --inProcess</c>.
/// </summary>
public class ReadMixThroughputBenchmarks
{
    private const int Workers = 16;
    private const int OpsPerWorker = 40;
    private PostgresRoutingDataSource _routed = null!;
    private PostgresRoutingDataSource _primaryOnly = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var cs = PostgresLab.Load()["PG_MULTIHOST_CS"] + ";Maximum Pool Size=32";
        _routed = new PostgresRoutingDataSource(new PostgresRoutingOptions { ConnectionString = cs, MaxReplicaLag = TimeSpan.FromSeconds(5) });
        _primaryOnly = new PostgresRoutingDataSource(new PostgresRoutingOptions { ConnectionString = cs, RouteReadsToStandbys = false });
        await _routed.ExecuteAsync(DbIntent.Write, async (ctx, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS h6_bench (id int PRIMARY KEY, v int NOT NULL, payload text NOT NULL);" +
                "CREATE TABLE IF NOT EXISTS h6_bench_w (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());" +
                "INSERT INTO h6_bench SELECT g, g % 97, md5(g::text) FROM generate_series(1, 20000) g ON CONFLICT DO NOTHING",
                ctx.Connection);
            await command.ExecuteNonQueryAsync(ct);
        });

        // Wait until the standby has the table (and both routers have a fresh sample).
        for (var i = 0; i < 100; i++)
        {
            await _routed.RefreshAsync();
            var rows = await _routed.ExecuteAsync(DbIntent.Read, async (ctx, ct) =>
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM h6_bench", ctx.Connection);
                return ctx.OnStandby ? (long)(await command.ExecuteScalarAsync(ct))! : 0;
            });
            if (rows == 20000) break;
            await Task.Delay(50);
        }

        await _primaryOnly.RefreshAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _routed.DisposeAsync();
        await _primaryOnly.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Workers * OpsPerWorker, Description = "primary only")]
    public Task PrimaryOnly() => RunMixAsync(_primaryOnly);

    [Benchmark(OperationsPerInvoke = Workers * OpsPerWorker, Description = "reads routed to the standby")]
    public Task StandbyRouting() => RunMixAsync(_routed);

    private static Task RunMixAsync(PostgresRoutingDataSource router) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < OpsPerWorker; i++)
            {
                if ((w + i) % 10 == 0)
                {
                    await router.ExecuteAsync(DbIntent.Write, async (ctx, ct) =>
                    {
                        await using var command = new NpgsqlCommand("INSERT INTO h6_bench_w DEFAULT VALUES", ctx.Connection);
                        await command.ExecuteNonQueryAsync(ct);
                    });
                }
                else
                {
                    await router.ExecuteAsync(DbIntent.Read, async (ctx, ct) =>
                    {
                        await using var command = new NpgsqlCommand("SELECT count(*), sum(length(payload)) FROM h6_bench WHERE v = $1", ctx.Connection)
                        {
                            Parameters = { new() { Value = (w * 31 + i) % 97 } },
                        };
                        await using var reader = await command.ExecuteReaderAsync(ct);
                        await reader.ReadAsync(ct);
                        return reader.GetInt64(0);
                    });
                }
            }
        })));
}
