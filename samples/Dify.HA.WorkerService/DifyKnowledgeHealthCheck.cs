using Dify.HA.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.WorkerService;

/// <summary>
/// Dify's Knowledge API as this worker sees it: one read call (the dataset's detail, or a one-item dataset list before
/// the dataset is known), which Dify does not count against the knowledge rate limit. The SDK's own region check
/// (<c>DifyRegionHealthCheck</c>) is internal and not registered by <c>AddDifyClient</c>, so the sample asks Dify.
/// </summary>
public sealed class DifyKnowledgeHealthCheck(
    [FromKeyedServices(IndexerOptions.ClientName)] IDifyKnowledgeClient kb,
    DatasetResolver datasets) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (datasets.DatasetId is { } id)
            {
                var dataset = await kb.Datasets.GetAsync(id, cancellationToken);
                return HealthCheckResult.Healthy($"dataset '{dataset.Name}' reachable");
            }

            await kb.Datasets.ListAsync(limit: 1, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("knowledge API reachable");
        }
        catch (DifyApiException e)
        {
            // Only the type and Dify's code: the message of a transport error could echo a URL with credentials.
            return HealthCheckResult.Unhealthy($"Dify answered {e.StatusCode} {e.Code}");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Dify unreachable ({e.GetType().Name})");
        }
    }
}
