using BenchmarkDotNet.Attributes;
using Dify.HA.Benchmarks.Postgres;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Dify.HA.Benchmarks.Tasks.Postgres;

/// <summary>
/// Tasks/s through the PostgreSQL backend end to end (the real worker: 4 concurrent no-op handlers, prefetch 8,
/// leases and group-committed acknowledgements through the router) versus two bare <c>FOR UPDATE SKIP LOCKED</c> loops
/// (4 consumers on a plain pool, autocommit, unprepared: lease 8 with one UPDATE ... RETURNING, then one DELETE per
/// task — the baseline — or one DELETE ... = ANY per leased batch, the batching a user could write by hand) in the
/// same run. Each invocation makes <see cref="Tasks"/> pre-inserted tasks due at once and waits until all are
/// acknowledged. Needs the lab.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *PostgresTaskThroughput* --job short --inProcess</c>.
/// </summary>
public class PostgresTaskThroughputBenchmarks
{
    private const int Tasks = 2000;
    private const int Consumers = 4;
    private const int Batch = 8;
    private const string Queue = "bench";
    private PostgresRoutingDataSource _router = null!;
    private NpgsqlDataSource _plain = null!;
    private IHost _host = null!;
    private PostgresTaskStore _store = null!;

    internal static int Handled;

    internal static TaskCompletionSource AllHandled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var lab = PostgresLab.Load();
        _router = new PostgresRoutingDataSource(new PostgresRoutingOptions { ConnectionString = lab["PG_MULTIHOST_CS"] + ";Maximum Pool Size=32" });
        await _router.RefreshAsync();
        var primary = _router.PrimaryEndpoint!;
        _plain = NpgsqlDataSource.Create(lab["PG_MULTIHOST_CS"] + ";Maximum Pool Size=32;Target Session Attributes=primary");

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(_router);
        builder.Services.AddDifyTasks(o => o.ConsumerName = "bench")
            .UsePostgres(o => o.TableName = "t3_bench_tasks")
            .AddQueue<int, NoOpHandler>(Queue, o =>
            {
                o.Concurrency = Consumers;
                o.PrefetchCount = Batch;
                o.PollInterval = TimeSpan.FromMilliseconds(5);
                o.StatsInterval = TimeSpan.FromHours(1);
            });
        _host = builder.Build();
        _store = _host.Services.GetRequiredService<PostgresTaskStore>();
        await _store.EnsureTableAsync();
        await ExecAsync($"DELETE FROM {_store.TableName} WHERE queue = '{Queue}'");
        await ExecAsync("CREATE TABLE IF NOT EXISTS t3_bench_raw (id bigserial PRIMARY KEY, priority int NOT NULL DEFAULT 0, leased_until timestamptz NOT NULL, payload bytea NOT NULL); TRUNCATE t3_bench_raw");
        await ExecAsync("CREATE INDEX IF NOT EXISTS t3_bench_raw_order ON t3_bench_raw (priority DESC, id)");
        await _host.StartAsync();
        _ = primary;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _plain.DisposeAsync();
        await _router.DisposeAsync();
    }

    [IterationSetup(Target = nameof(PostgresBackend))]
    public void FillBackend() => ExecAsync($"""
        INSERT INTO {_store.TableName} (id, queue, visible_at, max_attempts, payload, enqueued_at)
        SELECT 'b-' || gen_random_uuid(), '{Queue}', 'infinity', 5, '1'::bytea, now() FROM generate_series(1, {Tasks})
        """).GetAwaiter().GetResult();

    [IterationSetup(Targets = [nameof(RawSkipLocked), nameof(RawSkipLockedBatchedAcks)])]
    public void FillRaw() => ExecAsync($"INSERT INTO t3_bench_raw (leased_until, payload) SELECT 'infinity', '1'::bytea FROM generate_series(1, {Tasks})").GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks, Description = "bare SKIP LOCKED loop (4 consumers)")]
    public async Task RawSkipLocked()
    {
        await ExecAsync("UPDATE t3_bench_raw SET leased_until = '-infinity'");
        await Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(() => RawConsumerAsync(batchedAcks: false))));
    }

    [Benchmark(OperationsPerInvoke = Tasks, Description = "bare SKIP LOCKED loop, one DELETE per leased batch")]
    public async Task RawSkipLockedBatchedAcks()
    {
        await ExecAsync("UPDATE t3_bench_raw SET leased_until = '-infinity'");
        await Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(() => RawConsumerAsync(batchedAcks: true))));
    }

    [Benchmark(OperationsPerInvoke = Tasks, Description = "PostgresTaskStore + worker, no-op handler")]
    public async Task PostgresBackend()
    {
        Volatile.Write(ref Handled, 0);
        AllHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ExecAsync($"UPDATE {_store.TableName} SET visible_at = '-infinity' WHERE queue = '{Queue}' AND state = 0");
        await AllHandled.Task.WaitAsync(TimeSpan.FromMinutes(2));
        while ((await _store.GetStatsAsync(Queue, default)).Depth > 0)
        {
            await Task.Delay(1); // the last acknowledgements
        }
    }

    private async Task RawConsumerAsync(bool batchedAcks)
    {
        while (true)
        {
            var ids = new List<long>(Batch);
            await using (var lease = _plain.CreateCommand("""
                UPDATE t3_bench_raw SET leased_until = now() + interval '30 seconds'
                WHERE id IN (SELECT id FROM t3_bench_raw WHERE leased_until <= now() ORDER BY priority DESC, id LIMIT 8 FOR UPDATE SKIP LOCKED)
                RETURNING id, payload
                """))
            await using (var reader = await lease.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
            }

            if (ids.Count == 0) return;
            if (batchedAcks)
            {
                await using var acks = _plain.CreateCommand("DELETE FROM t3_bench_raw WHERE id = ANY($1)");
                acks.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids] });
                await acks.ExecuteNonQueryAsync();
                continue;
            }

            foreach (var id in ids)
            {
                await using var ack = _plain.CreateCommand("DELETE FROM t3_bench_raw WHERE id = $1");
                ack.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
                await ack.ExecuteNonQueryAsync();
            }
        }
    }

    private async Task ExecAsync(string sql)
    {
        await using var command = _plain.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The no-op handler: counts and signals when all of an invocation's tasks ran.</summary>
    internal sealed class NoOpHandler : ITaskHandler<int>
    {
        public ValueTask HandleAsync(int payload, TaskContext context, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Handled) == Tasks) AllHandled.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
