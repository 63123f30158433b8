using System.Reflection;
using BenchmarkDotNet.Attributes;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using StackExchange.Redis;

namespace Dify.HA.Benchmarks.Redis;

/// <summary>
/// The provider's own CPU cost per command, without a network: the same in-memory stand-in database is called
/// directly (baseline) and through <c>ExecuteAsync</c>. On a loaded machine the lab round-trip benchmark is noisy;
/// this difference divided by a GET's round-trip gives the overhead ratio robustly. No lab needed.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *RedisProviderCpuOverhead* --inProcess --warmupCount 3 --iterationCount 15</c>.
/// </summary>
[MemoryDiagnoser]
public class RedisProviderCpuOverheadBenchmarks
{
    private static readonly RedisKey Key = "k";
    private static readonly Task<RedisValue> Completed = Task.FromResult((RedisValue)"value");
    private IDatabase _db = null!;
    private RedisConnectionProvider _provider = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _db = StandIn<IDatabase>.Create(m => m.Name == nameof(IDatabase.StringGetAsync) ? Completed : null);
        var multiplexer = StandIn<IConnectionMultiplexer>.Create(m => m.Name switch
        {
            nameof(IConnectionMultiplexer.GetDatabase) => _db,
            nameof(IConnectionMultiplexer.GetServers) => Array.Empty<IServer>(),
            _ => m.ReturnType == typeof(Task) ? Task.CompletedTask : null,
        });
        var options = new RedisConnectionOptions();
        options.Endpoints.Add("127.0.0.1:6379");
        _provider = new RedisConnectionProvider(options, connector: _ => Task.FromResult(multiplexer));
        await _provider.GetConnectionAsync();
    }

    [Benchmark(Baseline = true, Description = "stand-in database: GET")]
    public Task<RedisValue> Direct() => _db.StringGetAsync(Key);

    [Benchmark(Description = "provider ExecuteAsync(Read) over it: GET")]
    public Task<RedisValue> ThroughProvider() => _provider.ExecuteAsync(RedisCommandSafety.Read, static db => db.StringGetAsync(Key));

#pragma warning disable CA1852 // DispatchProxy derives from it at run time.
    internal class StandIn<T> : DispatchProxy
        where T : class
    {
        private Func<MethodInfo, object?> _handler = _ => null;

        public static T Create(Func<MethodInfo, object?> handler)
        {
            var proxy = Create<T, StandIn<T>>();
            ((StandIn<T>)(object)proxy)._handler = handler;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _handler(targetMethod!);
    }
#pragma warning restore CA1852
}
