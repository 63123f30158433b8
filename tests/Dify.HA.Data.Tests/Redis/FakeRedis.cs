using System.Net;
using System.Reflection;
using StackExchange.Redis;

namespace Dify.HA.Data.Tests.Redis;

/// <summary>
/// A stand-in multiplexer and database built with DispatchProxy: enough of StackExchange.Redis's large interfaces for
/// the provider's retry and reconfigure logic to run without a server. Unconfigured members return defaults.
/// </summary>
internal sealed class FakeRedis
{
    private int _configureCalls;

    public FakeRedis()
    {
        Database = Proxy<IDatabase>.Create((method, args) => method.Name switch
        {
            "get_Multiplexer" => Multiplexer,
            _ => Default(method.ReturnType),
        });
        Multiplexer = Proxy<IConnectionMultiplexer>.Create((method, args) => method.Name switch
        {
            "GetDatabase" => Database,
            "GetServers" => Array.Empty<IServer>(),
            "ConfigureAsync" => OnConfigure(),
            "CloseAsync" => Task.CompletedTask,
            "get_IsConnected" => true,
            _ => Default(method.ReturnType),
        });
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database { get; }

    /// <summary>Runs inside ConfigureAsync (e.g. to delay it, or flip the fake topology).</summary>
    public Func<Task>? OnConfigureAsync { get; set; }

    public int ConfigureCalls => Volatile.Read(ref _configureCalls);

    public static RedisServerException ReadOnlyError() =>
        new(RedisErrorKind.ReadOnly, CommandFlags.None, "READONLY You can't write against a read only replica.");

    private async Task<bool> OnConfigure()
    {
        Interlocked.Increment(ref _configureCalls);
        if (OnConfigureAsync is not null) await OnConfigureAsync();
        return true;
    }

    private static object? Default(Type type)
    {
        if (type == typeof(void)) return null;
        if (type == typeof(Task)) return Task.CompletedTask;
        if (type == typeof(EndPoint[])) return Array.Empty<EndPoint>();
        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

#pragma warning disable CA1852 // DispatchProxy derives from it at run time.
    internal class Proxy<T> : DispatchProxy
        where T : class
    {
        private Func<MethodInfo, object?[]?, object?> _handler = (_, _) => null;

        public static T Create(Func<MethodInfo, object?[]?, object?> handler)
        {
            var proxy = Create<T, Proxy<T>>();
            ((Proxy<T>)(object)proxy)._handler = handler;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _handler(targetMethod!, args);
    }
#pragma warning restore CA1852
}
