using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dify.HA.Benchmarks.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using StackExchange.Redis;

namespace Dify.HA.Benchmarks.Tasks.Redis;

/// <summary>
/// Tasks/s through the Redis Streams backend on the lab (Sentinel-managed master on loopback) against a bare
/// <c>XADD</c> / <c>XREADGROUP</c> / <c>XACK</c> loop of the same shape, in the same run: each invocation enqueues
/// <see cref="Tasks"/> tasks with 32 in flight, then 4 consumers lease batches of 64 and acknowledge each task (a no-op
/// handler) with the batch's acknowledgements in flight together (the store group-commits them into one script call).
/// A second bare loop acknowledges each read batch with one multi-id <c>XACK</c> and removes the entries with one
/// <c>XDEL</c>, the batching and clean-up a user would write by hand (the baseline loop leaves every entry in the
/// stream). Tasks/s = 1 / mean (the mean is per task).
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *RedisTaskThroughput* --inProcess --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class RedisTaskThroughputBenchmarks
{
    private const int Tasks = 2_000;
    private const int EnqueueInFlight = 32;
    private const int Consumers = 4;
    private const int Batch = 64;
    private static readonly byte[] Payload = "{\"document_id\":\"doc-1\",\"number\":1}"u8.ToArray();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private RedisConnectionProvider _provider = null!;
    private RedisTaskStore _store = null!;
    private IDatabase _db = null!;
    private string _queue = null!;
    private RedisKey _rawStream;
    private RedisKey _rawBatchedStream;
    private long _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _provider = new RedisConnectionProvider(RedisLabSettings.SentinelOptions());
        _db = (await _provider.GetConnectionAsync()).GetDatabase();
        _store = new RedisTaskStore(_provider, new RedisTaskStoreOptions { KeyPrefix = $"t2:bench:{_run}:" });
        _queue = "bench";
        _rawStream = $"t2:bench:{_run}:raw";
        await _db.StreamCreateConsumerGroupAsync(_rawStream, "g", StreamPosition.NewMessages, createStream: true);
        _rawBatchedStream = $"t2:bench:{_run}:raw-batched";
        await _db.StreamCreateConsumerGroupAsync(_rawBatchedStream, "g", StreamPosition.NewMessages, createStream: true);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var server = (await _provider.GetConnectionAsync()).GetServers().First(s => !s.IsReplica && s.IsConnected);
        await foreach (var key in server.KeysAsync(pattern: $"t2:bench:{_run}:*")) await _db.KeyDeleteAsync(key);
        await _provider.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks, Description = "raw XADD / XREADGROUP / XACK")]
    public async Task Raw()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Tasks), new ParallelOptions { MaxDegreeOfParallelism = EnqueueInFlight }, async (_, _) =>
            await _db.StreamAddAsync(_rawStream, "i", Payload));
        var left = Tasks;
        await Task.WhenAll(Enumerable.Range(0, Consumers).Select(c => Task.Run(async () =>
        {
            var consumer = "c" + c.ToString(CultureInfo.InvariantCulture);
            while (Volatile.Read(ref left) > 0)
            {
                var entries = await _db.StreamReadGroupAsync(_rawStream, "g", consumer, StreamPosition.NewMessages, Batch);
                if (entries.Length == 0) continue;
                await Task.WhenAll(entries.Select(e => _db.StreamAcknowledgeAsync(_rawStream, "g", e.Id)));
                Interlocked.Add(ref left, -entries.Length);
            }
        })));
    }

    [Benchmark(OperationsPerInvoke = Tasks, Description = "raw, one XACK + one XDEL per read batch")]
    public async Task RawBatchedAcks()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Tasks), new ParallelOptions { MaxDegreeOfParallelism = EnqueueInFlight }, async (_, _) =>
            await _db.StreamAddAsync(_rawBatchedStream, "i", Payload));
        var left = Tasks;
        await Task.WhenAll(Enumerable.Range(0, Consumers).Select(c => Task.Run(async () =>
        {
            var consumer = "b" + c.ToString(CultureInfo.InvariantCulture);
            while (Volatile.Read(ref left) > 0)
            {
                var entries = await _db.StreamReadGroupAsync(_rawBatchedStream, "g", consumer, StreamPosition.NewMessages, Batch);
                if (entries.Length == 0) continue;
                var ids = entries.Select(e => e.Id).ToArray();
                await _db.StreamAcknowledgeAsync(_rawBatchedStream, "g", ids);
                await _db.StreamDeleteAsync(_rawBatchedStream, ids);
                Interlocked.Add(ref left, -entries.Length);
            }
        })));
    }

    [Benchmark(OperationsPerInvoke = Tasks, Description = "RedisTaskStore enqueue / lease / complete")]
    public async Task Store()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Tasks), new ParallelOptions { MaxDegreeOfParallelism = EnqueueInFlight }, async (_, ct) =>
        {
            var n = Interlocked.Increment(ref _next);
            await _store.EnqueueAsync(
                new TaskEnvelope
                {
                    Id = _run + "-" + n.ToString(CultureInfo.InvariantCulture),
                    Queue = _queue,
                    Payload = Payload,
                    EnqueuedAt = DateTimeOffset.UtcNow,
                    MaxAttempts = 5,
                },
                ct);
        });
        var left = Tasks;
        await Task.WhenAll(Enumerable.Range(0, Consumers).Select(c => Task.Run(async () =>
        {
            var consumer = "c" + c.ToString(CultureInfo.InvariantCulture);
            while (Volatile.Read(ref left) > 0)
            {
                var leases = await _store.LeaseAsync(_queue, consumer, Batch, TimeSpan.FromMinutes(1), CancellationToken.None);
                if (leases.Count == 0) continue;
                await Task.WhenAll(leases.Select(l => _store.CompleteAsync(l, CancellationToken.None).AsTask()));
                Interlocked.Add(ref left, -leases.Count);
            }
        })));
    }
}
