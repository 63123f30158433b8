using BenchmarkDotNet.Attributes;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Idempotency.Internals;
using Dify.HA.Data.Redis.Internals;

namespace Dify.HA.Benchmarks.Redis;

/// <summary>
/// <c>RunOnceAsync</c> round-trips on the lab's Redis: a first run (TryBegin + Complete: two scripts), a repeat
/// (one script returning the stored result), and a first run with <c>WAIT 1</c> (each script followed by a replica
/// acknowledgement). Ops/s = 1 / mean.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *IdempotencyRunOnce* --inProcess --warmupCount 3 --iterationCount 15</c>.
/// </summary>
[MemoryDiagnoser]
public class IdempotencyRunOnceBenchmarks
{
    private static readonly ReadOnlyMemory<byte> Result = "result"u8.ToArray();
    private RedisConnectionProvider _provider = null!;
    private RedisIdempotencyStore _store = null!;
    private RedisIdempotencyStore _storeWait = null!;
    private long _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _provider = new RedisConnectionProvider(RedisLabSettings.SentinelOptions());
        await _provider.GetConnectionAsync();
        _store = new RedisIdempotencyStore(_provider, new RedisIdempotencyStoreOptions { KeyPrefix = "h5:bench:idem:" });
        _storeWait = new RedisIdempotencyStore(_provider, new RedisIdempotencyStoreOptions { KeyPrefix = "h5:bench:idemw:", WaitForReplicas = 1 });
        await _store.RunOnceAsync("repeat", static _ => ValueTask.FromResult(Result));
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _provider.DisposeAsync();

    [Benchmark(Baseline = true, Description = "RunOnceAsync, first run (begin + complete)")]
    public ValueTask<ReadOnlyMemory<byte>> FirstRun() =>
        _store.RunOnceAsync("k" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture), static _ => ValueTask.FromResult(Result), Options);

    [Benchmark(Description = "RunOnceAsync, repeat (stored result)")]
    public ValueTask<ReadOnlyMemory<byte>> Repeat() => _store.RunOnceAsync("repeat", static _ => ValueTask.FromResult(Result), Options);

    [Benchmark(Description = "RunOnceAsync, first run with WAIT 1")]
    public ValueTask<ReadOnlyMemory<byte>> FirstRunWait() =>
        _storeWait.RunOnceAsync("k" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture), static _ => ValueTask.FromResult(Result), Options);

    // Short result lifetime: the benchmark writes many keys and they should not outstay it.
    private static IdempotencyRunOptions Options { get; } = new() { ResultTtl = TimeSpan.FromMinutes(2) };
}
