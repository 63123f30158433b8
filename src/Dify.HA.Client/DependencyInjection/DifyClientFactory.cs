using System.Collections.Concurrent;
using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge;
using Dify.HA.Client.Knowledge.Internal;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.DependencyInjection;

/// <summary>Creates each named client once: options validated, transport resolved as the keyed <see cref="IDifyTransport"/>
/// of the name (the single-endpoint one unless the HA pipeline registered another).</summary>
internal sealed class DifyClientFactory : IDifyClientFactory
{
    private readonly IServiceProvider _services;
    private readonly DifyClientRegistry _registry;
    private readonly IOptionsMonitor<DifyClientOptions> _options;
    private readonly ConcurrentDictionary<string, Lazy<IDifyClient>> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IDifyKnowledgeClient>> _knowledgeClients = new(StringComparer.Ordinal);

    public DifyClientFactory(IServiceProvider services, DifyClientRegistry registry, IOptionsMonitor<DifyClientOptions> options)
    {
        _services = services;
        _registry = registry;
        _options = options;
    }

    public IDifyClient CreateClient(string name) => GetOrBuild(_clients, name, Build);

    public IDifyKnowledgeClient CreateKnowledgeClient(string name) => GetOrBuild(_knowledgeClients, name, BuildKnowledge);

    private T GetOrBuild<T>(ConcurrentDictionary<string, Lazy<T>> clients, string name, Func<string, T> build)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_registry.Contains(name))
            throw new InvalidOperationException(
                $"No Dify client named '{name}' is registered (registered: {string.Join(", ", _registry.Names.Select(n => $"'{n}'"))}). " +
                $"Call services.AddDifyClient(\"{name}\", …) at start-up.");
        // Lazy: concurrent first calls build one client; a failed build (invalid options) is not cached.
        var lazy = clients.GetOrAdd(name, n => new Lazy<T>(() => build(n)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            clients.TryRemove(new KeyValuePair<string, Lazy<T>>(name, lazy));
            throw;
        }
    }

    private DifyClient Build(string name)
    {
        var options = _options.Get(name);
        if (KeyKind.IsDatasetKey(options.ApiKey)) throw KeyKind.AppClientWithDatasetKey(name, _registry.KeyPrefix(name));
        var transport = _services.GetRequiredKeyedService<IDifyTransport>(name);
        var time = _services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new DifyClient(name, options, transport, time);
    }

    /// <summary>The knowledge client of a name: the same keyed transport (so the same topology, pipeline and health state
    /// as an app client of that name would have), the Knowledge API's areas on top.</summary>
    private DifyKnowledgeClient BuildKnowledge(string name)
    {
        var options = _options.Get(name);
        if (KeyKind.IsAppKey(options.ApiKey)) throw KeyKind.KnowledgeClientWithAppKey(name, _registry.KeyPrefix(name));
        var transport = _services.GetRequiredKeyedService<IDifyTransport>(name);
        var time = _services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new DifyKnowledgeClient(name, options, transport, time);
    }
}
