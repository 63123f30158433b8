using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dify.HA.Data.Tasks;

namespace Dify.HA.Data.Telemetry;

/// <summary>The task queue's ActivitySource and instruments, created once per meter.</summary>
internal sealed class TaskMetrics
{
    private readonly ConcurrentDictionary<string, TaskQueueStats> _samples = new(StringComparer.Ordinal);

    public TaskMetrics(IMeterFactory? meterFactory)
    {
        // Without a factory (no DI) the Meter is static so that listeners find one instrument set per process.
        var meter = meterFactory?.Create(TaskTelemetry.MeterName) ?? SharedMeter;
        Enqueued = meter.CreateCounter<long>(TaskTelemetry.Enqueued, unit: "{task}", description: "Tasks enqueued.");
        Attempts = meter.CreateCounter<long>(TaskTelemetry.Attempts, unit: "{attempt}", description: "Task attempts finished, by outcome.");
        DeadLettered = meter.CreateCounter<long>(TaskTelemetry.DeadLettered, unit: "{task}", description: "Tasks dead-lettered, by reason.");
        // Explicit buckets: exporters default to millisecond-sized ones; handlers take milliseconds to minutes.
        Duration = meter.CreateHistogram(TaskTelemetry.Duration, "s", "Handler duration per attempt.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        meter.CreateObservableGauge(TaskTelemetry.QueueDepth, () => Observe(s => s.Depth), unit: "{task}", description: "Tasks not yet done (ready, delayed, leased).");
        meter.CreateObservableGauge(TaskTelemetry.OldestAge, () => Observe(s => s.OldestReadyAge?.TotalSeconds ?? 0d), unit: "s", description: "Wait of the oldest ready task.");
        meter.CreateObservableGauge(TaskTelemetry.DeadLetters, () => Observe(s => s.DeadLettered), unit: "{task}", description: "Dead letters.");
    }

    public static ActivitySource ActivitySource { get; } = new(TaskTelemetry.ActivitySourceName);

    private static Meter SharedMeter { get; } = new(TaskTelemetry.MeterName);

    public Counter<long> Enqueued { get; }

    public Counter<long> Attempts { get; }

    public Counter<long> DeadLettered { get; }

    public Histogram<double> Duration { get; }

    public void Sampled(string queue, TaskQueueStats stats) => _samples[queue] = stats;

    public void RecordEnqueue(string queue, bool created)
    {
        if (Enqueued.Enabled)
        {
            Enqueued.Add(1, new KeyValuePair<string, object?>(TaskTelemetry.QueueTag, queue), new KeyValuePair<string, object?>(TaskTelemetry.CreatedTag, created));
        }
    }

    public void RecordAttempt(string queue, string outcome, TimeSpan duration)
    {
        var q = new KeyValuePair<string, object?>(TaskTelemetry.QueueTag, queue);
        var o = new KeyValuePair<string, object?>(TaskTelemetry.OutcomeTag, outcome);
        if (Attempts.Enabled)
        {
            Attempts.Add(1, q, o);
        }

        if (Duration.Enabled)
        {
            Duration.Record(duration.TotalSeconds, q, o);
        }
    }

    public void RecordDeadLetter(string queue, string reason) =>
        DeadLettered.Add(1, new KeyValuePair<string, object?>(TaskTelemetry.QueueTag, queue), new KeyValuePair<string, object?>(TaskTelemetry.ReasonTag, reason));

    private IEnumerable<Measurement<T>> Observe<T>(Func<TaskQueueStats, T> value)
        where T : struct
    {
        foreach (var (queue, stats) in _samples)
        {
            yield return new Measurement<T>(value(stats), new KeyValuePair<string, object?>(TaskTelemetry.QueueTag, queue));
        }
    }
}
