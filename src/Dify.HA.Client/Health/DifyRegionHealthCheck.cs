using System.Globalization;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.Client.Health;

/// <summary>
/// Reports a client's regions: Healthy when the primary priority level has at least
/// <see cref="DifySelectionOptions.SpillThreshold"/> healthy capacity, Degraded when it has less but some endpoint is
/// available somewhere (traffic spills to backups), Unhealthy when no endpoint is available at all. The data holds each
/// region's healthy capacity (0 to 1) under its name, and the available/total endpoint counts.
/// </summary>
internal sealed class DifyRegionHealthCheck : IHealthCheck
{
    private readonly DifyTopology _topology;

    public DifyRegionHealthCheck(DifyTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _topology = topology;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var available = 0;
        foreach (var region in _topology.Regions)
        {
            data["region." + region.Name] = Math.Round(region.HealthyCapacity, 3);
            foreach (var endpoint in region.Endpoints)
            {
                if (endpoint.IsAvailable) available++;
            }
        }

        var total = _topology.Endpoints.Count;
        data["endpoints.available"] = available;
        data["endpoints.total"] = total;

        var primary = _topology.PrimaryLevel;
        var primaryCapacity = primary.HealthyCapacity();
        var threshold = _topology.Options.Selection.SpillThreshold;
        var primaryNames = string.Join(", ", primary.Regions.Select(r => r.Name));
        var capacityText = Percent(primaryCapacity);

        HealthCheckResult result;
        if (available == 0)
        {
            result = new HealthCheckResult(context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy,
                $"Dify client {_topology.ClientName}: no endpoint of {total} is available (breakers open, ejected or failing probes).", data: data);
        }
        else if (primaryCapacity < threshold)
        {
            result = HealthCheckResult.Degraded(
                $"Dify client {_topology.ClientName}: primary region(s) {primaryNames} at {capacityText} healthy capacity (below {Percent(threshold)}); traffic spills to backups. {available}/{total} endpoints available.",
                data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(
                $"Dify client {_topology.ClientName}: primary region(s) {primaryNames} at {capacityText} healthy capacity; {available}/{total} endpoints available.", data);
        }

        return Task.FromResult(result);
    }

    private static string Percent(double value) => (value * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
