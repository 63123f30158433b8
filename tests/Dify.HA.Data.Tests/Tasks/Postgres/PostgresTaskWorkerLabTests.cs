using System.Collections.Concurrent;
using System.Diagnostics;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Postgres;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Tasks.Postgres;

/// <summary>
/// The PostgreSQL backend under the real worker (<c>AddDifyTasks().UsePostgres()</c>): four worker hosts (each its own
/// consumer name, like four processes) share the lab's primary through one router.
/// </summary>
[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class PostgresTaskWorkerLabTests : IAsyncLifetime
{
    private const string Table = "t3_worker_tasks";
    private readonly ITestOutputHelper _output;
    private readonly List<IHost> _hosts = [];
    private PostgresRoutingDataSource _router = null!;
    private bool _failedOver;

    public PostgresTaskWorkerLabTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _router = await PostgresTaskLab.RouterAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await _router.DisposeAsync();
        if (_failedOver) await LabControl.RestorePostgresAsync();
    }

    private IHost Worker(string queue, string consumer, TaskProbe probe, TimeSpan? lease = null, bool effectOnce = false)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(_router); // an instance: the hosts share it and do not dispose it
        builder.Services.AddSingleton(probe);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (effectOnce)
        {
            // Effect-once marks in PostgreSQL too, on the same primary through the router.
            builder.Services.AddSingleton<PostgresPrimaryConnectionFactory>(ct => _router.OpenConnectionAsync(DbIntent.Write, ct));
            builder.Services.AddDifyPostgresIdempotencyStore(configure: o => o.TableName = "t3_task_effects");
        }

        builder.Services.AddDifyTasks(o => o.ConsumerName = consumer)
            .UsePostgres(o => o.TableName = Table)
            .AddQueue<DocumentPayload, ProbeHandler>(queue, o =>
            {
                o.Concurrency = 4;
                o.PrefetchCount = 8;
                o.PollInterval = TimeSpan.FromMilliseconds(20);
                o.LeaseDuration = lease ?? TimeSpan.FromSeconds(10);
                o.HeartbeatInterval = (lease ?? TimeSpan.FromSeconds(10)) / 4;
                o.BackoffBase = TimeSpan.FromMilliseconds(10);
                o.BackoffMax = TimeSpan.FromMilliseconds(50);
                o.EffectOnce = effectOnce;
            });
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    private async Task<List<IHost>> StartWorkersAsync(string queue, TaskProbe probe, int count = 4, TimeSpan? lease = null, bool effectOnce = false)
    {
        var hosts = Enumerable.Range(0, count).Select(i => Worker(queue, $"w{i}", probe, lease, effectOnce)).ToList();
        foreach (var host in hosts) await host.StartAsync();
        return hosts;
    }

    private static string NewQueue(string what) => $"t3-{what}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Ten_thousand_tasks_through_four_workers_with_effect_once_are_each_processed_once_and_none_is_lost()
    {
        const int Total = 10_000;
        var queue = NewQueue("10k");
        var probe = new TaskProbe();
        var hosts = await StartWorkersAsync(queue, probe, effectOnce: true);
        var tasks = hosts[0].Services.GetRequiredService<ITaskQueue>();

        var clock = Stopwatch.StartNew();
        var ids = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < Total; i += 4)
            {
                ids.Add(await tasks.EnqueueAsync(queue, new DocumentPayload("doc-" + i, i)));
            }
        })));
        var enqueued = clock.Elapsed;

        Assert.True(await Eventually(() => probe.Calls.Select(c => c.TaskId).Distinct().Count() >= Total, TimeSpan.FromSeconds(120)), $"only {probe.Calls.Count} of {Total} processed");
        var processed = clock.Elapsed;
        var stats = await tasks.GetStatsAsync(queue);
        Assert.True(await Eventually(() => tasks.GetStatsAsync(queue).AsTask().Result.Depth == 0, TimeSpan.FromSeconds(10)), "acknowledgements did not drain");

        var calls = probe.Calls.GroupBy(c => c.TaskId).ToDictionary(g => g.Key, g => g.Count());
        var lost = ids.Count(id => !calls.ContainsKey(id));
        var twice = calls.Count(c => c.Value > 1);
        _output.WriteLine($"{Total} tasks, 4 worker hosts x concurrency 4 (prefetch 8), effect-once on: enqueued in {enqueued.TotalSeconds:F1} s, all processed after {processed.TotalSeconds:F1} s " +
                          $"({Total / processed.TotalSeconds:F0} tasks/s end to end); lost {lost}, processed twice {twice}");
        Assert.Equal(Total, ids.Distinct().Count());
        Assert.Equal(0, lost);
        Assert.Equal(0, twice);
        Assert.Equal(0, (await tasks.GetStatsAsync(queue)).DeadLettered);
        Assert.NotNull(stats);
    }

    [Fact]
    public async Task A_primary_failover_during_processing_loses_no_acknowledged_task()
    {
        await LabRouters.RolesAsync();
        _failedOver = true;
        await LabControl.SetSynchronousAsync(true); // an acknowledged commit is on the standby too (see docs/postgres-routing.md)
        var queue = NewQueue("failover");
        var probe = new TaskProbe();
        var hosts = await StartWorkersAsync(queue, probe, lease: TimeSpan.FromSeconds(4));
        var tasks = hosts[0].Services.GetRequiredService<ITaskQueue>();

        var acked = new ConcurrentQueue<string>();
        var failed = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var producers = Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    acked.Enqueue(await tasks.EnqueueAsync(queue, new DocumentPayload($"p{p}-{i}", i)));
                }
                catch (Exception ex) when (ex is NpgsqlException or PostgresPrimaryUnavailableException or PostgresCommitOutcomeUnknownException)
                {
                    failed.Enqueue(ex.GetType().Name + ": " + ex.Message); // not acknowledged: the caller knows
                }
            }
        })).ToArray();

        Assert.True(await Eventually(() => probe.Calls.Count > 300, TimeSpan.FromSeconds(20)), "workers did not get going");
        var before = acked.Count;
        var failover = await LabControl.PostgresFailoverAsync();
        Assert.True(await Eventually(() => acked.Count > before + 300, TimeSpan.FromSeconds(30)), "enqueues did not resume after the failover");
        await stop.CancelAsync();
        await Task.WhenAll(producers);

        var ackedIds = acked.ToHashSet();
        var drained = await Eventually(() => ackedIds.IsSubsetOf(probe.Calls.Select(c => c.TaskId)), TimeSpan.FromSeconds(30));
        var processedIds = probe.Calls.Select(c => c.TaskId).ToHashSet();
        var lost = ackedIds.Count(id => !processedIds.Contains(id));
        var twice = probe.Calls.GroupBy(c => c.TaskId).Count(g => g.Count() > 1);
        _output.WriteLine($"failover (kill {failover.KillTime.TotalMilliseconds:F0} ms + promote {failover.PromoteTime.TotalMilliseconds:F0} ms) while 2 producers and 4 worker hosts ran: " +
                          $"acknowledged enqueues {ackedIds.Count}, failed enqueues {failed.Count}, processed {processedIds.Count}, lost {lost}, processed more than once {twice} (at-least-once: a lease or ack lost in the failover)");
        foreach (var f in failed.Take(3)) _output.WriteLine("  " + f);

        Assert.True(drained, $"{lost} acknowledged tasks were not processed within 30 s");
        Assert.Equal(0, lost);
        Assert.Empty(failed);
        Assert.True(await Eventually(() => tasks.GetStatsAsync(queue).AsTask().Result.Depth == 0, TimeSpan.FromSeconds(15)), "the queue did not drain");
        await LabControl.PostgresRejoinAsync();
    }

    [Fact]
    public async Task Outbox_through_ITaskQueue_delivers_a_committed_task_to_a_worker_and_never_a_rolled_back_one()
    {
        var queue = NewQueue("outbox");
        var probe = new TaskProbe();
        var hosts = await StartWorkersAsync(queue, probe, count: 1);
        var tasks = hosts[0].Services.GetRequiredService<ITaskQueue>();

        string committedId;
        string rolledBackId;
        await using (var connection = await _router.OpenConnectionAsync(DbIntent.Write))
        {
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                committedId = await tasks.EnqueueAsync(transaction, queue, new DocumentPayload("committed", 1));
                await transaction.CommitAsync();
            }

            await using (var transaction = await connection.BeginTransactionAsync())
            {
                rolledBackId = await tasks.EnqueueAsync(transaction, queue, new DocumentPayload("rolled-back", 2));
                await transaction.RollbackAsync();
            }
        }

        Assert.True(await Eventually(() => probe.CallsOf(committedId) == 1, TimeSpan.FromSeconds(10)), "the committed task was not processed");
        // The probe sees the call before the worker acknowledges it, so the queue empties a moment later.
        Assert.True(await Eventually(() => tasks.GetStatsAsync(queue).AsTask().Result.Depth == 0, TimeSpan.FromSeconds(10)), "the committed task was not acknowledged");
        Assert.Equal(0, probe.CallsOf(rolledBackId));
        Assert.DoesNotContain(probe.Calls, c => c.Payload.DocumentId == "rolled-back");
    }

    private static async Task<bool> Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }

        return true;
    }
}
