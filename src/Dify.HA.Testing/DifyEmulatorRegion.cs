using System.Globalization;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing;

/// <summary>One region of a <see cref="DifyEmulatorTopology"/>: endpoints sharing one store, with region-wide fault helpers.</summary>
public sealed class DifyEmulatorRegion
{
    private readonly List<DifyEmulator> _endpoints = [];

    internal DifyEmulatorRegion(string name)
    {
        Name = name;
        Store = new RegionStore(name);
    }

    /// <summary>The region name ("region-0", "region-1", …).</summary>
    public string Name { get; }

    /// <summary>The region's endpoints ("region-0-0", "region-0-1", …).</summary>
    public IReadOnlyList<DifyEmulator> Endpoints => _endpoints;

    internal RegionStore Store { get; }

    /// <summary>Stops every endpoint's listener (the region is hard down). Blocks until closed.</summary>
    public void RefuseConnections() => RefuseConnectionsAsync().GetAwaiter().GetResult();

    /// <summary>Stops every endpoint's listener (the region is hard down).</summary>
    /// <returns>A task that completes when all ports are closed.</returns>
    public Task RefuseConnectionsAsync() => Task.WhenAll(_endpoints.Select(e => e.Faults.RefuseConnectionsAsync()));

    /// <summary>Black-holes every endpoint.</summary>
    public void BlackHole()
    {
        foreach (var endpoint in _endpoints)
            endpoint.Faults.BlackHole();
    }

    /// <summary>Heals every endpoint (faults off, listeners back on their ports). Blocks until healthy.</summary>
    public void Heal() => HealAsync().GetAwaiter().GetResult();

    /// <summary>Heals every endpoint (faults off, listeners back on their ports).</summary>
    /// <returns>A task that completes when all endpoints listen again.</returns>
    public Task HealAsync() => Task.WhenAll(_endpoints.Select(e => e.Faults.HealAsync()));

    internal async Task AddEndpointsAsync(int count, Action<DifyEmulatorOptions>? configure, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var options = new DifyEmulatorOptions();
            configure?.Invoke(options);
            // The topology names endpoints itself so that names say where an endpoint lives.
            options.Name = string.Create(CultureInfo.InvariantCulture, $"{Name}-{_endpoints.Count}");
            options.Region = Name;
            options.Port = 0;
            _endpoints.Add(await DifyEmulator.StartInStoreAsync(options, Store, registryStore: false, cancellationToken).ConfigureAwait(false));
        }
    }
}
