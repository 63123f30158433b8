using System.Diagnostics;
using System.Text.Json;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tasks.Internals;

/// <summary>The <see cref="ITaskQueue"/>: validates, serializes, stamps the trace context and hands the task to the store.</summary>
internal sealed class TaskQueueClient : ITaskQueue
{
    private readonly ITaskStore _store;
    private readonly Dictionary<string, TaskQueueRegistration> _queues;
    private readonly IOptionsMonitor<TaskQueueOptions> _options;
    private readonly TaskMetrics _metrics;
    private readonly TimeProvider _time;

    public TaskQueueClient(ITaskStore store, IEnumerable<TaskQueueRegistration> queues, IOptionsMonitor<TaskQueueOptions> options, TaskMetricsHolder metrics, TimeProvider time)
    {
        _store = store;
        _queues = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        _options = options;
        _metrics = metrics.Metrics;
        _time = time;
    }

    public async ValueTask<string> EnqueueAsync<TPayload>(string queue, TPayload payload, TaskEnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        var registration = Registration(queue);
        if (registration.PayloadType != typeof(TPayload))
        {
            throw new ArgumentException($"Queue '{queue}' takes {registration.PayloadType.Name} payloads, not {typeof(TPayload).Name}.", nameof(payload));
        }

        var queueOptions = _options.Get(queue);
        var now = _time.GetUtcNow();
        var notBefore = NotBefore(options, now);
        var maxAttempts = options?.MaxAttempts ?? queueOptions.MaxAttempts;
        if (maxAttempts is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), maxAttempts, "TaskEnqueueOptions.MaxAttempts must be from 1 to 1000.");
        }

        if (options?.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromDays(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "TaskEnqueueOptions.Timeout must be more than zero and at most 1 day.");
        }

        if (options?.IdempotencyKey is { } key && (key.Length == 0 || key.Length > 512))
        {
            throw new ArgumentException("TaskEnqueueOptions.IdempotencyKey must be 1 to 512 characters.", nameof(options));
        }

        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(payload, TaskJson.TypeInfo<TPayload>(queueOptions));
        }
#pragma warning disable CA1031 // Any serializer failure (unsupported type, cycle, a throwing getter) is the caller's bad input.
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new ArgumentException($"The payload of queue '{queue}' cannot be serialized as JSON: {ex.Message}", nameof(payload), ex);
        }

        using var activity = TaskMetrics.ActivitySource.StartActivity(TaskTelemetry.EnqueueActivity, ActivityKind.Producer);
        var id = Guid.CreateVersion7(now).ToString("N");
        activity?.SetTag(TaskTelemetry.QueueTag, queue);
        activity?.SetTag(TaskTelemetry.TaskIdTag, id);
        var envelope = new TaskEnvelope
        {
            Id = id,
            Queue = queue,
            Payload = json,
            Priority = options?.Priority ?? 0,
            EnqueuedAt = now,
            NotBefore = notBefore,
            MaxAttempts = maxAttempts,
            Timeout = options?.Timeout,
            IdempotencyKey = options?.IdempotencyKey,
            TraceParent = Activity.Current?.Id,
        };
        var result = await _store.EnqueueAsync(envelope, cancellationToken).ConfigureAwait(false);
        activity?.SetTag(TaskTelemetry.CreatedTag, result.Created);
        _metrics.RecordEnqueue(queue, result.Created);
        return result.TaskId;
    }

    public ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit = 100, CancellationToken cancellationToken = default)
    {
        Registration(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        return _store.ListDeadLettersAsync(queue, limit, cancellationToken);
    }

    public ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken = default)
    {
        Registration(queue);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return _store.RedriveAsync(queue, taskId, cancellationToken);
    }

    public ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        Registration(queue);
        return _store.GetStatsAsync(queue, cancellationToken);
    }

    private static DateTimeOffset? NotBefore(TaskEnqueueOptions? options, DateTimeOffset now)
    {
        if (options is null)
        {
            return null;
        }

        if (options.Delay is not null && options.NotBefore is not null)
        {
            throw new ArgumentException("Set TaskEnqueueOptions.Delay or NotBefore, not both.", nameof(options));
        }

        if (options.Delay is { } delay)
        {
            if (delay < TimeSpan.Zero || delay > TimeSpan.FromDays(365))
            {
                throw new ArgumentOutOfRangeException(nameof(options), delay, "TaskEnqueueOptions.Delay must be from zero to 365 days.");
            }

            return delay == TimeSpan.Zero ? null : now + delay;
        }

        return options.NotBefore;
    }

    private TaskQueueRegistration Registration(string queue)
    {
        if (string.IsNullOrEmpty(queue))
        {
            throw new ArgumentException("The queue name must not be empty.", nameof(queue));
        }

        return _queues.TryGetValue(queue, out var registration)
            ? registration
            : throw new ArgumentException($"Queue '{queue}' is not registered; register it with AddDifyTasks(...).AddQueue<TPayload>(\"{queue}\").", nameof(queue));
    }
}
