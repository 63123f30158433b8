using System.Collections.Concurrent;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>Many tasks through several workers sharing one store, with lost acknowledgements: none lost, none applied twice.</summary>
public sealed class TaskThroughputCorrectnessTests
{
    [Fact]
    public async Task Ten_thousand_tasks_through_four_workers_lose_none_and_apply_none_twice_with_effect_once()
    {
        const int count = 10_000;
        var store = new LossyCompleteStore(new InMemoryTaskStore(), dropEvery: 97, maxDrops: 50);
        var effects = new IIdempotencyStore[] { new InMemoryIdempotencyStore(TimeProvider.System) };
        var applied = new ConcurrentDictionary<int, int>();
        var handled = 0;
        var hosts = new List<TaskTestHost>();
        for (var w = 0; w < 4; w++)
        {
            var host = TaskTestHost.Create(
                o =>
                {
                    o.Concurrency = 4;
                    o.PrefetchCount = 8;
                    o.EffectOnce = true;
                    o.LeaseDuration = TimeSpan.FromMilliseconds(300);
                    o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
                    o.PollInterval = TimeSpan.FromMilliseconds(5);
                },
                store: store,
                services: s => s.AddSingleton(effects[0]));
            host.Probe.Behaviour = (p, _, _) =>
            {
                applied.AddOrUpdate(p.Number, 1, (_, n) => n + 1);
                Interlocked.Increment(ref handled);
                return ValueTask.CompletedTask;
            };
            hosts.Add(host);
        }

        try
        {
            foreach (var host in hosts)
            {
                await host.StartAsync();
            }

            var ids = new ConcurrentDictionary<string, int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            {
                ids[await hosts[i % 4].Tasks.EnqueueAsync(TaskTestHost.Queue, new DocumentPayload($"doc-{i}", i), cancellationToken: ct)] = i;
            });
            Assert.Equal(count, ids.Count);

            await Eventually.TrueAsync(
                async () => (await store.GetStatsAsync(TaskTestHost.Queue, CancellationToken.None)).Depth == 0,
                "every task acknowledged",
                TimeSpan.FromSeconds(60));

            Assert.Equal(count, applied.Count);
            Assert.All(applied, kv => Assert.Equal(1, kv.Value));
            Assert.Equal(count, Volatile.Read(ref handled));
            Assert.True(store.Dropped > 0, "no acknowledgement was lost, so no re-delivery was exercised");
            Assert.Empty(await store.ListDeadLettersAsync(TaskTestHost.Queue, 10, CancellationToken.None));
            var perWorker = hosts.Select(h => h.Probe.Calls.Count).ToArray();
            Assert.True(perWorker.Count(n => n > 0) >= 2, $"the tasks were not shared between workers: {string.Join(", ", perWorker)} " + string.Join(" | ", store.LeasesByConsumer));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
