using System.Diagnostics.Metrics;
using Dify.HA.Data.Telemetry;

namespace Dify.HA.Data.Tasks.Internals;

/// <summary>One <see cref="TaskMetrics"/> per container, shared by the queue client and the workers.</summary>
internal sealed class TaskMetricsHolder(IMeterFactory? meterFactory = null)
{
    public TaskMetrics Metrics { get; } = new(meterFactory);
}
