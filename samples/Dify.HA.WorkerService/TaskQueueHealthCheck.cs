using Dify.HA.Data.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.WorkerService;

/// <summary>The documents queue: Unhealthy when the backend does not answer, Degraded when dead letters wait for
/// someone to look at them, Healthy otherwise. The data holds depth, leased, delayed and dead-lettered counts.</summary>
public sealed class TaskQueueHealthCheck(ITaskQueue queue) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        TaskQueueStats stats;
        try
        {
            stats = await queue.GetStatsAsync(IndexerOptions.QueueName, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"task backend unavailable ({e.GetType().Name})");
        }

        var data = new Dictionary<string, object>
        {
            ["depth"] = stats.Depth,
            ["leased"] = stats.Leased,
            ["delayed"] = stats.Delayed,
            ["dead_lettered"] = stats.DeadLettered,
        };
        var description = $"depth {stats.Depth}, leased {stats.Leased}, delayed {stats.Delayed}, dead letters {stats.DeadLettered}";
        return stats.DeadLettered > 0
            ? HealthCheckResult.Degraded(description, data: data)
            : HealthCheckResult.Healthy(description, data);
    }
}
