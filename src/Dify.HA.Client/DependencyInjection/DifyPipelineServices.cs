using System.Net;
using Dify.HA.Client.Health;
using Dify.HA.Client.Resilience.Internal;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.DependencyInjection;

/// <summary>
/// Wires the HA pipeline of one client name: its <see cref="DifyTopology"/> (keyed), the health prober (started with
/// the transport when a topology is configured), the HttpClient's primary handler (connect timeout) and the keyed
/// <see cref="IDifyTransport"/> = <see cref="HaTransport"/>.
/// </summary>
internal static class DifyPipelineServices
{
    public static void Add(IServiceCollection services, string name, string keyPrefix)
    {
        var httpClientName = DifyHttpClientNames.For(name);
        services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A dead host is left after ConnectTimeout, not after the OS's ~2 min SYN retries.
                ConnectTimeout = sp.GetRequiredService<IOptionsMonitor<DifyClientOptions>>().Get(name).Resilience.ConnectTimeout,
                // Re-resolve DNS now and then so a balancer's new addresses are picked up.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            })
            // The factory's default logging handlers cost a scope and an async wrapper per request even when nothing listens;
            // ours logs the same client-handler lines only when its category is enabled (DifyHttpLoggingHandler).
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new DifyHttpLoggingHandler(
                sp.GetService<ILoggerFactory>()?.CreateLogger(DifyHttpLoggingHandler.Category(httpClientName)) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
                sp.GetService<TimeProvider>() ?? TimeProvider.System));

        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptionsMonitor<DifyClientOptions>>().Get(name);
            return DifyTopology.Create(
                name, o, o.Topology, sp.GetService<TimeProvider>() ?? TimeProvider.System, keyPrefix + ":Topology",
                logger: sp.GetService<ILoggerFactory>()?.CreateLogger("Dify.HA.Client.Routing"));
        });

        services.AddKeyedSingleton(name, (sp, _) => new ProberHolder(
            new DifyHealthProber(
                sp.GetRequiredKeyedService<DifyTopology>(name),
                sp.GetRequiredService<IHttpClientFactory>(),
                httpClientName,
                sp.GetService<ILoggerFactory>()?.CreateLogger("Dify.HA.Client.Health"))));

        services.AddKeyedSingleton<IDifyTransport>(name, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptionsMonitor<DifyClientOptions>>().Get(name);
            var topology = sp.GetRequiredKeyedService<DifyTopology>(name);
            // A client with one BaseUrl and no Topology is a region of one endpoint: nothing to probe.
            if (o.Topology.Regions.Count > 0) sp.GetRequiredKeyedService<ProberHolder>(name).Start();
            return new HaTransport(
                name,
                sp.GetRequiredService<IHttpClientFactory>(),
                httpClientName,
                new TopologyEndpointPool(topology),
                o,
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                // The transport reuses the factory's current handler for a while instead of an HttpClient per attempt.
                sp.GetService<IHttpMessageHandlerFactory>());
        });
    }

    /// <summary>Owns the prober for the container: disposable both ways (a container disposed synchronously must not
    /// throw on an async-only service).</summary>
    internal sealed class ProberHolder(DifyHealthProber prober) : IDisposable, IAsyncDisposable
    {
        public DifyHealthProber Prober { get; } = prober;

        public void Start() => _ = Prober.StartAsync();

        public void Dispose() => Prober.DisposeAsync().AsTask().GetAwaiter().GetResult();

        public ValueTask DisposeAsync() => Prober.DisposeAsync();
    }
}
