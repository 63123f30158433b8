using System.Collections.Concurrent;
using System.Diagnostics;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Tasks.Redis;

/// <summary>
/// The Redis Streams backend on the lab, through the real worker: volume (10,000 tasks, 4 workers) and a master
/// SIGKILL during processing. Each test has its own key prefix.
/// </summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class RedisTaskStoreLabTests
{
    private readonly ITestOutputHelper _output;

    public RedisTaskStoreLabTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Ten_thousand_tasks_through_four_workers_are_each_handled_exactly_once()
    {
        const int count = 10_000;
        var prefix = $"t2:vol:{Guid.NewGuid():N}:";
        await using var provider = new RedisConnectionProvider(RedisLab.Load().SentinelOptions());
        var probe = new TaskProbe();
        var workers = Enumerable.Range(1, 4)
            .Select(w => RedisTaskWorkers.Create(provider, $"worker-{w}", probe, o => o.KeyPrefix = prefix, q =>
            {
                q.Concurrency = 4;
                q.PrefetchCount = 16;
            }))
            .ToArray();
        try
        {
            var queue = workers[0].Services.GetRequiredService<ITaskQueue>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
                await queue.EnqueueAsync(RedisTaskWorkers.Queue, new DocumentPayload($"doc-{i}", i), cancellationToken: ct));
            var enqueued = clock.Elapsed;
            foreach (var worker in workers) await worker.StartAsync();

            await Eventually.TrueAsync(() => probe.Calls.Count >= count, $"{count} tasks handled", TimeSpan.FromSeconds(90));
            var handled = clock.Elapsed;
            var store = workers[0].Services.GetRequiredService<ITaskStore>();
            await Eventually.TrueAsync(async () => (await store.GetStatsAsync(RedisTaskWorkers.Queue, CancellationToken.None)).Depth == 0, "an empty queue");

            var ids = probe.Calls.Select(c => c.TaskId).ToList();
            _output.WriteLine($"{count} enqueued in {enqueued.TotalSeconds:F1} s; all handled {(handled - enqueued).TotalSeconds:F1} s after the workers started " +
                $"({count / (handled - enqueued).TotalSeconds:F0}/s); calls {ids.Count}, distinct {ids.Distinct().Count()}");
            Assert.Equal(count, ids.Distinct().Count());
            Assert.Equal(count, ids.Count);
            Assert.Equal(Enumerable.Range(0, count), probe.Calls.Select(c => c.Payload.Number).Order());
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                worker.Dispose();
            }

            await RedisTaskKeyCleanup.DeleteAsync(provider, prefix);
        }
    }

    [Fact]
    public async Task A_master_failover_during_processing_loses_no_acknowledged_task()
    {
        var prefix = $"t2:fo:{Guid.NewGuid():N}:";
        await using var provider = new RedisConnectionProvider(RedisLab.Load().SentinelOptions());
        var probe = new TaskProbe();
        void Store(RedisTaskStoreOptions o)
        {
            o.KeyPrefix = prefix;
            o.WaitForReplicas = 1;
            o.WaitTimeout = TimeSpan.FromMilliseconds(500);
        }

        // A short lease, so that tasks whose acknowledgement died with the master come back within the test.
        var workers = Enumerable.Range(1, 2)
            .Select(w => RedisTaskWorkers.Create(provider, $"fo-worker-{w}", probe, Store, q =>
            {
                q.Concurrency = 4;
                q.PrefetchCount = 4;
                q.LeaseDuration = TimeSpan.FromSeconds(2);
                q.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
            }))
            .ToArray();
        var acknowledged = new ConcurrentBag<string>();
        var rejected = 0;
        using var stop = new CancellationTokenSource();
        try
        {
            foreach (var worker in workers) await worker.StartAsync();
            var queue = workers[0].Services.GetRequiredService<ITaskQueue>();
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        acknowledged.Add(await queue.EnqueueAsync(RedisTaskWorkers.Queue, new DocumentPayload($"p{p}-{i}", i)));
                    }
                    catch (Exception ex) when (ex is RedisException or RedisTaskReplicationException or TimeoutException)
                    {
                        // Not acknowledged: the producer does not count it (it may still run, which is allowed).
                        Interlocked.Increment(ref rejected);
                        await Task.Delay(20);
                    }
                }
            })).ToArray();

            await Eventually.TrueAsync(() => probe.Calls.Count > 300, "300 tasks handled before the kill", TimeSpan.FromSeconds(30));
            var kill = await LabControl.KillRedisMasterAsync();
            var ackAtKill = acknowledged.Count;
            var handledAtKill = probe.Calls.Count;

            // The new master takes writes; then the old one comes back as its replica, so WAIT 1 can succeed again.
            await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync(prefix + "probe", 1));
            await LabControl.RestoreRedisAsync();
            await Eventually.TrueAsync(() => acknowledged.Count > ackAtKill + 200, "200 enqueues acknowledged after the failover", TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await Task.WhenAll(producers);

            var expected = acknowledged.ToHashSet(StringComparer.Ordinal);
            var handled = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.TrueAsync(
                () =>
                {
                    foreach (var call in probe.Calls) handled.Add(call.TaskId);
                    return expected.IsSubsetOf(handled);
                },
                "every acknowledged task handled",
                TimeSpan.FromSeconds(60));
            var store = workers[0].Services.GetRequiredService<ITaskStore>();
            await Eventually.TrueAsync(async () => (await store.GetStatsAsync(RedisTaskWorkers.Queue, CancellationToken.None)).Depth == 0, "an empty queue", TimeSpan.FromSeconds(30));

            var lost = expected.Count(id => !handled.Contains(id));
            var calls = probe.Calls.Count;
            _output.WriteLine($"killed {kill.Killed} (port {kill.KilledPort}); at the kill {ackAtKill} acknowledged, {handledAtKill} handled; " +
                $"in all {expected.Count} acknowledged, {rejected} enqueues rejected, {handled.Count} distinct handled, {calls - handled.Count} repeat deliveries, {lost} lost");
            Assert.Equal(0, lost);
            Assert.True(expected.Count > ackAtKill, "no enqueue was acknowledged after the failover");
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                worker.Dispose();
            }

            await LabControl.RestoreRedisAsync();
            await RedisTaskKeyCleanup.DeleteAsync(provider, prefix);
        }
    }
}
