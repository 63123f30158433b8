using BenchmarkDotNet.Attributes;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using StackExchange.Redis;

namespace Dify.HA.Benchmarks.Redis;

/// <summary>
/// Cost of running a command through <see cref="IRedisConnectionProvider.ExecuteAsync{T}(RedisCommandSafety, Func{IDatabase, Task{T}}, CancellationToken)"/>
/// against the same command on a raw multiplexer with the same configuration, both on the lab's Sentinel-managed
/// master: 100 GETs one after another (latency; per GET), and 100 GETs in flight (throughput; per GET). Target: within 5 %.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *RedisProviderOverhead* --inProcess --warmupCount 3 --iterationCount 15</c>.
/// </summary>
[MemoryDiagnoser]
public class RedisProviderOverheadBenchmarks
{
    private const int Batch = 100;
    private static readonly RedisKey Key = "h5:bench:get";
    private readonly Task<RedisValue>[] _batch = new Task<RedisValue>[Batch];
    private ConnectionMultiplexer _raw = null!;
    private IDatabase _rawDb = null!;
    private RedisConnectionProvider _provider = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = RedisLabSettings.SentinelOptions();
        _provider = new RedisConnectionProvider(options);
        await _provider.GetConnectionAsync();
        _raw = await ConnectionMultiplexer.ConnectAsync(RedisConfigurationFactory.CreateData(options));
        _rawDb = _raw.GetDatabase();
        await _rawDb.StringSetAsync(Key, "value-of-moderate-length-0123456789");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _provider.DisposeAsync();
        await _raw.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "raw multiplexer: GET, sequential")]
    public async Task RawGet()
    {
        for (var i = 0; i < Batch; i++) await _rawDb.StringGetAsync(Key);
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "provider ExecuteAsync(Read): GET, sequential")]
    public async Task ProviderGet()
    {
        for (var i = 0; i < Batch; i++) await _provider.ExecuteAsync(RedisCommandSafety.Read, static db => db.StringGetAsync(Key));
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "raw multiplexer: 100 GETs in flight")]
    public async Task RawGetBatch()
    {
        for (var i = 0; i < Batch; i++) _batch[i] = _rawDb.StringGetAsync(Key);
        await Task.WhenAll(_batch);
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "provider: 100 GETs in flight")]
    public async Task ProviderGetBatch()
    {
        for (var i = 0; i < Batch; i++) _batch[i] = _provider.ExecuteAsync(RedisCommandSafety.Read, static db => db.StringGetAsync(Key));
        await Task.WhenAll(_batch);
    }
}
