using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.WebApi.Health;

/// <summary>The probes: <c>/healthz</c> (readiness: the checks tagged <see cref="ReadyTag"/>) and <c>/livez</c>
/// (liveness: no dependency at all, so a Dify or database outage never gets the pod restarted).</summary>
internal static class HealthEndpoints
{
    /// <summary>Tag of the checks that make up readiness.</summary>
    public const string ReadyTag = "ready";

    public const string ReadinessPath = "/healthz";

    public const string LivenessPath = "/livez";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Degraded (traffic spilled to a backup region) is still ready: answering from the backup is the point of it.
        var codes = new Dictionary<HealthStatus, int>
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        };
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes = codes,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResultStatusCodes = codes,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
    }
}
