using Dify.HA.Client;
using Dify.HA.Client.Health;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a Dify client's region health to ASP.NET Core / generic-host health checks.</summary>
public static class DifyHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check named <paramref name="checkName"/> (default <c>dify-&lt;clientName&gt;</c>) that reports the client's
    /// regions from the pipeline's own view, without sending a request: Healthy when the primary region(s) have at least
    /// <c>Topology:Selection:SpillThreshold</c> healthy capacity, Degraded when traffic spills to backups, Unhealthy (or
    /// <paramref name="failureStatus"/>) when no endpoint is available. Its data holds each region's healthy capacity.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="clientName">The name the client was registered under with <c>AddDifyClient</c>; default <c>Default</c>.</param>
    /// <param name="checkName">The check's name, or null for <c>dify-&lt;clientName&gt;</c>.</param>
    /// <param name="failureStatus">The status reported when no endpoint is available, or null for Unhealthy.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c> for a readiness probe), or null.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddDifyClient(
        this IHealthChecksBuilder builder,
        string clientName = DifyClientOptions.DefaultName,
        string? checkName = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        return builder.Add(new HealthCheckRegistration(
            checkName ?? "dify-" + clientName,
            // The topology is the one the client's transport selects from (keyed by name), so the check and the traffic agree.
            sp => new DifyRegionHealthCheck(sp.GetRequiredKeyedService<DifyTopology>(clientName)),
            failureStatus,
            tags));
    }
}
