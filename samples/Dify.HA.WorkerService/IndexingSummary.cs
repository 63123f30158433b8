using System.Text;
using Dify.HA.Data.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.WorkerService;

/// <summary>The end-of-run summary (<c>Indexer:Once</c>): documents indexed, retried attempts, dead letters with
/// their reason, and the health report.</summary>
public sealed class IndexingSummary(IndexingReport report, ITaskQueue queue, HealthCheckService health)
{
    /// <summary>Writes the summary.</summary>
    public async Task PrintAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var dead = await queue.ListDeadLettersAsync(IndexerOptions.QueueName, cancellationToken: cancellationToken);
        var healthReport = await health.CheckHealthAsync(cancellationToken);
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("== Summary")
            .AppendLine($"enqueued        {report.Enqueued}")
            .AppendLine($"indexed         {report.Indexed.Count} ({string.Join(", ", report.Indexed.Values.GroupBy(v => v).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))})")
            .AppendLine($"failed attempts {report.FailedAttempts} (retried by the queue)")
            .AppendLine($"dead letters    {dead.Count}");
        foreach (var letter in dead)
        {
            var last = letter.Errors.Count > 0 ? letter.Errors[^1] : null;
            text.AppendLine($"  {letter.Task.IdempotencyKey ?? letter.Task.Id}: {last?.Type} {last?.Message}");
        }

        text.AppendLine($"health          {HealthReporter.Format(healthReport)}");
        await writer.WriteAsync(text.ToString().AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
