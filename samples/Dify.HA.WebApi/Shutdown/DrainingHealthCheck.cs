using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.WebApi.Shutdown;

/// <summary>Readiness: Unhealthy from the moment shutdown begins, so that the load balancer takes the pod out while it
/// still answers (see <see cref="ShutdownDrainService"/>).</summary>
internal sealed class DrainingHealthCheck(ShutdownGate gate) : IHealthCheck
{
    /// <summary>The check's name in <c>/healthz</c>.</summary>
    public const string Name = "shutdown";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.IsDraining
            ? new HealthCheckResult(context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy, "Shutting down: draining, take this instance out of rotation.")
            : HealthCheckResult.Healthy("Serving."));
}
