using System.Globalization;

namespace Dify.HA.Testing;

/// <summary>
/// Several regions of emulator endpoints in one line of test code. Each region's endpoints share one store; regions
/// share nothing (a conversation of region-0 is 404 in region-1). Region stores are private to the topology, so
/// topologies of parallel tests never see each other's data even though their region names are the same.
/// </summary>
public sealed class DifyEmulatorTopology : IAsyncDisposable
{
    private readonly List<DifyEmulatorRegion> _regions = [];

    private DifyEmulatorTopology()
    {
    }

    /// <summary>The regions, "region-0" first.</summary>
    public IReadOnlyList<DifyEmulatorRegion> Regions => _regions;

    /// <summary>Every endpoint of every region, region by region.</summary>
    public IReadOnlyList<DifyEmulator> AllEndpoints => [.. _regions.SelectMany(r => r.Endpoints)];

    /// <summary>Starts <paramref name="regions"/> × <paramref name="endpointsPerRegion"/> instances on free ports.</summary>
    /// <param name="regions">Number of regions, 1–16.</param>
    /// <param name="endpointsPerRegion">Endpoints in each region, 1–16.</param>
    /// <param name="configure">Applied to every endpoint's options (apps, ping interval, seed, time provider…); the topology then sets Name, Region and Port.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running topology; dispose it to stop every endpoint.</returns>
    public static async Task<DifyEmulatorTopology> StartAsync(int regions, int endpointsPerRegion, Action<DifyEmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(regions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(regions, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(endpointsPerRegion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endpointsPerRegion, 16);
        var topology = new DifyEmulatorTopology();
        try
        {
            for (var r = 0; r < regions; r++)
            {
                var region = new DifyEmulatorRegion(string.Create(CultureInfo.InvariantCulture, $"region-{r}"));
                topology._regions.Add(region);
                await region.AddEndpointsAsync(endpointsPerRegion, configure, cancellationToken).ConfigureAwait(false);
            }

            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops every endpoint.</summary>
    /// <returns>A task that completes when all are stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in AllEndpoints)
            await endpoint.DisposeAsync().ConfigureAwait(false);
    }
}
