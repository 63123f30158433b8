using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Tasks.InMemory;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tasks.Internals;

/// <summary>
/// The hosted worker of one queue: <see cref="TaskQueueOptions.Concurrency"/> slots lease tasks and run the handler;
/// one heartbeat loop renews every held lease; failures are retried with backoff or dead-lettered; at shutdown it
/// stops leasing, lets running handlers finish within the host's shutdown timeout, then cancels them and releases
/// what is left. Nothing a handler or the backend throws ends the worker.
/// </summary>
internal sealed class TaskWorker<TPayload, THandler> : BackgroundService
    where THandler : class, ITaskHandler<TPayload>
{
    private readonly string _queue;
    private readonly TaskQueueOptions _options;
    private readonly ITaskStore _store;
    private readonly IServiceScopeFactory _scopes;
    private readonly IIdempotencyStore? _idempotency;
    private readonly IdempotencyRunOptions _runOptions;
    private readonly IdempotencyRunOptions _effectOnceOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskMetrics _metrics;
    private readonly JsonTypeInfo<TPayload> _json;
    private readonly ConcurrentDictionary<TaskLease, TaskLeaseHolder> _held = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationTokenSource _abort = new();
    private readonly Random _random = new();
    private readonly TaskLeaseBatcher? _leases;
    private THandler? _singletonHandler;
    private THandler? _lastScopedHandler;
    private volatile bool _handlerLifetimeKnown;

    public TaskWorker(
        string queue,
        IOptionsMonitor<TaskQueueOptions> options,
        IOptions<DifyTasksOptions> shared,
        ITaskStore store,
        IServiceScopeFactory scopes,
        TaskMetricsHolder metrics,
        TimeProvider time,
        IServiceProvider services,
        ILoggerFactory? loggerFactory = null)
    {
        _queue = queue;
        _options = options.Get(queue);
        _store = store;
        _scopes = scopes;
        _time = time;
        _metrics = metrics.Metrics;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Dify.HA.Data.Tasks.TaskWorker");
        _json = TaskJson.TypeInfo<TPayload>(_options);
        _idempotency = services.GetService<IIdempotencyStore>() ?? (store as InMemoryTaskStore)?.Effects;
        ConsumerId = $"{shared.Value.ConsumerName}/{queue}/{Guid.NewGuid().ToString("N")[..8]}";

        // The effect-once lease must outlive the handler (its timeout), or a re-delivery could run it beside this one;
        // a re-delivered task waits that long for a crashed holder's lease before taking over.
        var effectLease = _options.Timeout + _options.LeaseDuration;
        _runOptions = new IdempotencyRunOptions
        {
            Lease = effectLease,
            ResultTtl = _options.EffectOnceRetention,
            WaitTimeout = effectLease + _options.LeaseDuration,
            PollInterval = TimeSpan.FromMilliseconds(Math.Clamp(_options.LeaseDuration.TotalMilliseconds / 10, 1, 1000)),
            TimeProvider = time,
        };
        _effectOnceOptions = _runOptions;

        // Several slots' claims in one call where a call is a round trip; the in-memory store has none to save.
        _leases = _options.Concurrency > 1 && store is not InMemoryTaskStore
            ? new TaskLeaseBatcher((count, ct) => _store.LeaseAsync(_queue, ConsumerId, count, _options.LeaseDuration, ct), _options.PrefetchCount)
            : null;
    }

    public string ConsumerId { get; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        TaskLog.Stopping(_logger, _queue, _held.Count);

        // When the host's shutdown timeout runs out, cancel the handlers still running: they release their tasks.
        using (cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abort))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (ExecuteTask is { IsCompleted: false } running)
        {
            _abort.Cancel();
            try
            {
                // Cancelled handlers release their leases; give those calls a moment (a stuck handler's lease just expires).
                await running.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TaskLog.Started(_logger, _queue, ConsumerId, _options.Concurrency, _options.LeaseDuration, _store.GetType().Name);
        if (_store is InMemoryTaskStore memory && memory.FirstNotDurableWarning())
        {
            TaskLog.NotDurable(_logger, _queue);
        }

        using var heartbeatStop = new CancellationTokenSource();

        // On the thread pool, away from the starting host's synchronization context.
        var heartbeat = Task.Run(() => HeartbeatAsync(heartbeatStop.Token), CancellationToken.None);
        var stats = Task.Run(() => SampleStatsAsync(stoppingToken), CancellationToken.None);
        var slots = new Task[_options.Concurrency];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = Task.Run(() => RunSlotAsync(stoppingToken), CancellationToken.None);
        }

        await Task.WhenAll(slots).ConfigureAwait(false);
        await heartbeatStop.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
        await stats.ConfigureAwait(false);
        TaskLog.Stopped(_logger, _queue);
    }

    private async Task RunSlotAsync(CancellationToken stoppingToken)
    {
        // One token source per slot, reused across tasks (CancelAfter + TryReset): a timer and a linked source per
        // task would cost more than the rest of the in-memory path. It is cancelled by the task's timeout, by a lost
        // lease (through the holder) and by the shutdown abort.
        var slot = new TaskSlot(_time);
        using var abortRegistration = _abort.Token.Register(static s => ((TaskSlot)s!).CancelCurrent(), slot);
        try
        {
            await RunSlotLoopAsync(slot, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private async Task RunSlotLoopAsync(TaskSlot slot, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<TaskLease> leases;
            try
            {
                // Shared with the other slots that are free at the same moment: one call claims for all of them.
                leases = _leases is not null
                    ? await _leases.LeaseAsync(stoppingToken).ConfigureAwait(false)
                    : await _store.LeaseAsync(_queue, ConsumerId, _options.PrefetchCount, _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A backend outage must not end the worker: wait and ask again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                TaskLog.StoreFailed(_logger, "lease", _queue, ex.GetType().Name, ex);
                await WaitAsync(idle: false, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (leases.Count == 0)
            {
                await WaitAsync(idle: true, stoppingToken).ConfigureAwait(false);
                continue;
            }

            var holders = new TaskLeaseHolder[leases.Count];
            for (var i = 0; i < leases.Count; i++)
            {
                holders[i] = new TaskLeaseHolder(leases[i]);
                _held[leases[i]] = holders[i];
            }

            // Acknowledgements still being stored while the slot already runs the next prefetched task (see
            // ProcessAsync); all are awaited before the slot leases again or stops.
            List<Task>? acks = null;
            for (var i = 0; i < holders.Length; i++)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    // Prefetched but not started: back to the queue without counting an attempt.
                    await ReleaseAsync(holders[i]).ConfigureAwait(false);
                    continue;
                }

                if (await ProcessAsync(holders[i], slot).ConfigureAwait(false) is { } ack)
                {
                    (acks ??= new List<Task>(holders.Length)).Add(ack);
                }
            }

            if (acks is not null)
            {
                await Task.WhenAll(acks).ConfigureAwait(false); // never throws: StoreCallAsync logs failures
            }

            // With an in-memory store and a synchronous handler nothing above really waits: yield once per batch so a
            // busy slot does not hold a thread-pool thread forever (other workers, timers and the host need one).
            await Task.Yield();
        }
    }

    /// <summary>
    /// Runs one task to its outcome. A successful task's acknowledgement is started but not awaited when the store does
    /// not finish it at once: the returned task finishes it (and the bookkeeping), while the slot goes on with its next
    /// prefetched task, so the acknowledgements of a prefetched batch reach the store together and its group commit can
    /// carry them in one call. The task stays held (its lease renewed) until its acknowledgement is stored; nothing is
    /// reported completed before that. Null when everything is done.
    /// </summary>
    private async ValueTask<Task?> ProcessAsync(TaskLeaseHolder holder, TaskSlot slot)
    {
        var lease = holder.Lease;
        var started = _time.GetTimestamp();
        var outcome = "completed";
        var activity = StartProcessActivity(lease);
        Task? pendingAck = null;
        try
        {
            if (!TryDeserialize(lease, out var payload, out var badPayload))
            {
                outcome = "dead_lettered";
                await DeadLetterAsync(lease, badPayload, "bad_payload", null).ConfigureAwait(false);
                return null;
            }

            var timeout = lease.Task.Timeout ?? _options.Timeout;
            var cts = slot.Current;
            holder.SetRunning(cts);
            cts.CancelAfter(timeout);
            if (holder.IsLost || _abort.IsCancellationRequested)
            {
                cts.Cancel();
            }

            var context = new TaskContext(lease, _idempotency, _runOptions);
            try
            {
                if (_options.EffectOnce)
                {
                    if (!await RunEffectOnceAsync(payload, context, cts.Token).ConfigureAwait(false))
                    {
                        outcome = "skipped";
                    }
                }
                else
                {
                    await InvokeHandlerAsync(payload, context, cts.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (_abort.IsCancellationRequested && ex is OperationCanceledException)
            {
                outcome = "released";
                await ReleaseAsync(holder).ConfigureAwait(false);
                return null;
            }
            catch (Exception) when (holder.IsLost)
            {
                outcome = "lease_lost";
                TaskLog.LeaseLost(_logger, lease.Task.Id, _queue);
                return null;
            }
            catch (OperationCanceledException ex) when (cts.IsCancellationRequested)
            {
                outcome = await FailAsync(lease, TaskErrorTypes.Timeout, $"The handler ran longer than its timeout of {timeout}.", permanent: false, ex).ConfigureAwait(false);
                return null;
            }
            catch (PermanentTaskException ex)
            {
                outcome = await FailAsync(lease, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, permanent: true, ex).ConfigureAwait(false);
                return null;
            }
#pragma warning disable CA1031 // Any handler failure is a failed attempt, never the worker's end.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcome = await FailAsync(lease, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, permanent: false, ex).ConfigureAwait(false);
                return null;
            }

            if (holder.IsLost)
            {
                outcome = "lease_lost";
                TaskLog.LeaseLost(_logger, lease.Task.Id, _queue);
                return null;
            }

            var ack = _store.CompleteAsync(lease, CancellationToken.None);
            if (!ack.IsCompleted)
            {
                pendingAck = FinishAckAsync(ack, lease, activity, started);
                return pendingAck;
            }

            await StoreCallAsync("complete", ack).ConfigureAwait(false);
            return null;
        }
        finally
        {
            holder.SetRunning(null);
            slot.Reset();
            if (pendingAck is null)
            {
                Finish(lease, activity, outcome, started);
            }
        }
    }

    private async Task FinishAckAsync(ValueTask ack, TaskLease lease, Activity? activity, long started)
    {
        await StoreCallAsync("complete", ack).ConfigureAwait(false);
        Finish(lease, activity, "completed", started);
    }

    private void Finish(TaskLease lease, Activity? activity, string outcome, long started)
    {
        _held.TryRemove(lease, out _);
        if (activity is not null)
        {
            activity.SetTag(TaskTelemetry.OutcomeTag, outcome);
            activity.Dispose();
        }

        _metrics.RecordAttempt(_queue, outcome, _time.GetElapsedTime(started));
    }

    /// <summary>Runs the handler under the effect-once guard; false when an earlier attempt already ran it.</summary>
    /// <remarks>
    /// A method of its own so that the closure it needs is allocated only for effect-once queues, not for every task.
    /// </remarks>
    private async ValueTask<bool> RunEffectOnceAsync(TPayload payload, TaskContext context, CancellationToken cancellationToken)
    {
        var ran = false;
        await _idempotency!.RunOnceAsync(
            TaskEffectKeys.For(_queue, context.Lease.Task.IdempotencyKey ?? context.Lease.Task.Id),
            async ct =>
            {
                ran = true;
                await InvokeHandlerAsync(payload, context, ct).ConfigureAwait(false);
                return ReadOnlyMemory<byte>.Empty;
            },
            _effectOnceOptions,
            cancellationToken).ConfigureAwait(false);
        return ran;
    }

    private ValueTask InvokeHandlerAsync(TPayload payload, TaskContext context, CancellationToken cancellationToken)
    {
        // A singleton handler needs no per-task DI scope. Its lifetime is not visible through IServiceProvider, so it is
        // observed: two different scopes that resolve the very same instance mean a singleton (a scoped or transient
        // handler is a new instance per scope), and from then on that instance is called directly. Until then, and for
        // scoped or transient handlers always, every task gets its own scope exactly as before.
        if (Volatile.Read(ref _singletonHandler) is { } singleton)
        {
            return singleton.HandleAsync(payload, context, cancellationToken);
        }

        return InvokeScopedHandlerAsync(payload, context, cancellationToken);
    }

    private async ValueTask InvokeScopedHandlerAsync(TPayload payload, TaskContext context, CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            ObserveHandlerLifetime(handler);
            await handler.HandleAsync(payload, context, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ObserveHandlerLifetime(THandler handler)
    {
        if (_handlerLifetimeKnown)
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _lastScopedHandler, handler);
        if (previous is null)
        {
            return;
        }

        if (ReferenceEquals(previous, handler))
        {
            Volatile.Write(ref _singletonHandler, handler);
        }

        // Either way the answer is known: different instances from two scopes are scoped or transient for good.
        _handlerLifetimeKnown = true;
        _lastScopedHandler = null;
    }

    private bool TryDeserialize(TaskLease lease, out TPayload payload, out TaskAttemptError error)
    {
        string message;
        try
        {
            payload = JsonSerializer.Deserialize(lease.Task.Payload.Span, _json)!;
            if (payload is not null || default(TPayload) is not null)
            {
                error = null!;
                return true;
            }

            message = "The payload is JSON null.";
        }
        catch (JsonException ex)
        {
            message = $"The payload is not a valid {typeof(TPayload).Name}: {ex.Message}";
        }
        catch (NotSupportedException ex)
        {
            message = $"The payload cannot be read as {typeof(TPayload).Name}: {ex.Message}";
        }
        catch (InvalidOperationException ex)
        {
            message = $"The payload cannot be read as {typeof(TPayload).Name}: {ex.Message}";
        }

        payload = default!;
        error = new TaskAttemptError { Attempt = lease.Attempt, At = _time.GetUtcNow(), Type = TaskErrorTypes.BadPayload, Message = message, Permanent = true };
        return false;
    }

    private async ValueTask<string> FailAsync(TaskLease lease, string type, string message, bool permanent, Exception exception)
    {
        var error = new TaskAttemptError { Attempt = lease.Attempt, At = _time.GetUtcNow(), Type = type, Message = message, Permanent = permanent };
        if (permanent || lease.Attempt >= lease.Task.MaxAttempts)
        {
            await DeadLetterAsync(lease, error, permanent ? "permanent" : "max_attempts", exception).ConfigureAwait(false);
            return "dead_lettered";
        }

        var delay = TaskBackoff.Delay(lease.Attempt, _options.BackoffBase, _options.BackoffMax, _random);
        TaskLog.Retrying(_logger, lease.Task.Id, _queue, lease.Attempt, lease.Task.MaxAttempts, type, delay.TotalMilliseconds, exception);
        await StoreCallAsync("retry", _store.RetryAsync(lease, _time.GetUtcNow() + delay, error, CancellationToken.None)).ConfigureAwait(false);
        return "retried";
    }

    private async ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError error, string reason, Exception? exception)
    {
        TaskLog.DeadLettered(_logger, lease.Task.Id, _queue, lease.Attempt, reason, error.Type, error.Message, exception);
        await StoreCallAsync("dead_letter", _store.DeadLetterAsync(lease, error, CancellationToken.None)).ConfigureAwait(false);
        _metrics.RecordDeadLetter(_queue, reason);
    }

    private async ValueTask ReleaseAsync(TaskLeaseHolder holder)
    {
        _held.TryRemove(holder.Lease, out _);
        TaskLog.Released(_logger, holder.Lease.Task.Id, _queue);
        await StoreCallAsync("release", _store.ReleaseAsync(holder.Lease, CancellationToken.None)).ConfigureAwait(false);
    }

    private async ValueTask StoreCallAsync(string operation, ValueTask call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The lease then expires and the task is delivered again: at least once holds.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            TaskLog.StoreFailed(_logger, operation, _queue, ex.GetType().Name, ex);
        }
    }

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                foreach (var holder in _held.Values)
                {
                    if (holder.IsLost)
                    {
                        continue;
                    }

                    bool renewed;
                    try
                    {
                        renewed = await _store.RenewAsync(holder.Lease, _options.LeaseDuration, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
#pragma warning disable CA1031 // One failed renewal is not a lost lease: the interval is at most half the lease.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        TaskLog.StoreFailed(_logger, "renew", _queue, ex.GetType().Name, ex);
                        continue;
                    }

                    if (!renewed)
                    {
                        holder.MarkLost();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task SampleStatsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.StatsInterval, _time);
        try
        {
            do
            {
                try
                {
                    _metrics.Sampled(_queue, await _store.GetStatsAsync(_queue, stoppingToken).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // Metrics are best effort.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    TaskLog.StoreFailed(_logger, "stats", _queue, ex.GetType().Name, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async ValueTask WaitAsync(bool idle, CancellationToken stoppingToken)
    {
        try
        {
            if (idle && _store is InMemoryTaskStore memory)
            {
                await memory.WaitForWorkAsync(_queue, _options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Activity? StartProcessActivity(TaskLease lease)
    {
        if (!TaskMetrics.ActivitySource.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (lease.Task.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var parent))
        {
            links = [new ActivityLink(parent)];
        }

        var activity = TaskMetrics.ActivitySource.StartActivity(TaskTelemetry.ProcessActivity, ActivityKind.Consumer, default(ActivityContext), links: links);
        activity?.SetTag(TaskTelemetry.QueueTag, _queue);
        activity?.SetTag(TaskTelemetry.TaskIdTag, lease.Task.Id);
        activity?.SetTag(TaskTelemetry.AttemptTag, lease.Attempt);
        return activity;
    }
}
