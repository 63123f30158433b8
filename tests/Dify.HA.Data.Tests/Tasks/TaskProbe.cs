using System.Collections.Concurrent;
using Dify.HA.Data.Tasks;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>The payload of the worker tests.</summary>
public sealed record DocumentPayload(string DocumentId, int Number);

/// <summary>What the worker tests' handler does (set per test) and what it saw.</summary>
public sealed class TaskProbe
{
    public Func<DocumentPayload, TaskContext, CancellationToken, ValueTask> Behaviour { get; set; } = (_, _, _) => ValueTask.CompletedTask;

    public ConcurrentQueue<(DocumentPayload Payload, string TaskId, int Attempt, DateTimeOffset At)> Calls { get; } = new();

    public ConcurrentDictionary<string, int> Effects { get; } = new();

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public int CallsOf(string taskId) => Calls.Count(c => c.TaskId == taskId);
}

/// <summary>The worker tests' handler: records the call, then runs the probe's behaviour.</summary>
public sealed class ProbeHandler(TaskProbe probe) : ITaskHandler<DocumentPayload>
{
    public ValueTask HandleAsync(DocumentPayload payload, TaskContext context, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue((payload, context.TaskId, context.Attempt, probe.Time.GetUtcNow()));
        return probe.Behaviour(payload, context, cancellationToken);
    }
}
