using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>A worker has no web server to serve <c>/healthz</c>: this logs the health report every
/// <c>Indexer:HealthLogInterval</c> instead (the summary prints it too).</summary>
public sealed class HealthReporter(HealthCheckService health, IOptions<IndexerOptions> options, TimeProvider time, ILogger<HealthReporter> logger)
    : BackgroundService
{
    /// <summary>One line: overall status, then each check's status and description.</summary>
    public static string Format(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"{report.Status} — " + string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} ({e.Value.Description})"));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.HealthLogInterval, time, stoppingToken);
                var report = await health.CheckHealthAsync(stoppingToken);
                WorkerLog.Health(logger, report.Status.ToString(), string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} ({e.Value.Description})")));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
