using System.Collections.Concurrent;
using Dify.HA.Client.Api;
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

    public DifyClientFactory(IServiceProvider services, DifyClientRegistry registry, IOptionsMonitor<DifyClientOptions> options)
    {
        _services = services;
        _registry = registry;
        _options = options;
    }

    public IDifyClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_registry.Contains(name))
            throw new InvalidOperationException(
                $"No Dify client named '{name}' is registered (registered: {string.Join(", ", _registry.Names.Select(n => $"'{n}'"))}). " +
                $"Call services.AddDifyClient(\"{name}\", …) at start-up.");
        // Lazy: concurrent first calls build one client; a failed build (invalid options) is not cached.
        var lazy = _clients.GetOrAdd(name, n => new Lazy<IDifyClient>(() => Build(n)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _clients.TryRemove(new KeyValuePair<string, Lazy<IDifyClient>>(name, lazy));
            throw;
        }
    }

    private DifyClient Build(string name)
    {
        var options = _options.Get(name);
        var transport = _services.GetRequiredKeyedService<IDifyTransport>(name);
        var time = _services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new DifyClient(name, options, transport, time);
    }
}
