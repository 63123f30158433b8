using System.Text;
using Dify.HA.Data.Tasks;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>
/// What every <see cref="ITaskStore"/> backend must do. Each backend derives, implements <see cref="CreateStoreAsync"/>
/// and, when it runs on a fake clock, overrides <see cref="Time"/> and <see cref="AdvanceAsync"/>. Each test uses fresh
/// queue names, so a durable backend may share one server between tests.
/// </summary>
public abstract class TaskStoreConformanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private long _taskCounter;

    /// <summary>The store under test, created by <see cref="CreateStoreAsync"/>.</summary>
    protected ITaskStore Store { get; private set; } = null!;

    /// <summary>The clock the store uses (default: the system clock).</summary>
    protected virtual TimeProvider Time => TimeProvider.System;

    /// <summary>A short lease: long enough for a round trip to the backend, short enough to wait out.</summary>
    protected virtual TimeSpan ShortLease => TimeSpan.FromMilliseconds(400);

    /// <summary>A lease no test outlives.</summary>
    protected static TimeSpan LongLease => TimeSpan.FromMinutes(5);

    /// <summary>Creates the backend under test.</summary>
    protected abstract Task<ITaskStore> CreateStoreAsync();

    /// <summary>Lets time pass: a real (short) delay by default; a fake clock's advance when overridden.</summary>
    protected virtual Task AdvanceAsync(TimeSpan by) => Task.Delay(by);

    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>A queue name no other test (or earlier run) uses.</summary>
    protected static string NewQueue(string what) => $"conf-{what}-{Guid.NewGuid():N}";

    /// <summary>A task with a sortable id, increasing <see cref="TaskEnvelope.EnqueuedAt"/> and a small JSON payload.</summary>
    protected TaskEnvelope NewTask(string queue, int priority = 0, string? idempotencyKey = null, DateTimeOffset? notBefore = null, int maxAttempts = 5)
    {
        var n = Interlocked.Increment(ref _taskCounter);
        return new TaskEnvelope
        {
            Id = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{n:D6}-{Guid.NewGuid():N}",
            Queue = queue,
            Payload = Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"),
            Priority = priority,
            EnqueuedAt = Time.GetUtcNow().AddMilliseconds(n),
            NotBefore = notBefore,
            MaxAttempts = maxAttempts,
            IdempotencyKey = idempotencyKey,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
    }

    /// <summary>Leases one task, polling (and letting time pass) until one comes or the deadline passes.</summary>
    protected async Task<TaskLease> LeaseOneEventuallyAsync(string queue, string consumer, TimeSpan lease)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var leases = await Store.LeaseAsync(queue, consumer, 1, lease, CancellationToken.None);
            if (leases.Count == 1)
            {
                return leases[0];
            }

            Assert.True(DateTime.UtcNow - started < Deadline, $"no task of '{queue}' was handed out within {Deadline}");
            await AdvanceAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumer = "c1", int max = 1, TimeSpan? lease = null) =>
        await Store.LeaseAsync(queue, consumer, max, lease ?? LongLease, CancellationToken.None);

    private static TaskAttemptError Error(int attempt, string message, bool permanent = false) => new()
    {
        Attempt = attempt,
        At = DateTimeOffset.UtcNow,
        Type = "System.InvalidOperationException",
        Message = message,
        Permanent = permanent,
    };

    [Fact]
    public async Task Enqueued_task_is_leased_with_its_envelope_and_gone_after_complete()
    {
        var queue = NewQueue("basic");
        var task = NewTask(queue, priority: 3, idempotencyKey: "k-basic");
        var enqueued = await Store.EnqueueAsync(task, CancellationToken.None);
        Assert.True(enqueued.Created);
        Assert.Equal(task.Id, enqueued.TaskId);

        var lease = Assert.Single(await LeaseAsync(queue, "consumer-a"));
        Assert.Equal(task.Id, lease.Task.Id);
        Assert.Equal(queue, lease.Task.Queue);
        Assert.Equal(task.Payload.ToArray(), lease.Task.Payload.ToArray());
        Assert.Equal(3, lease.Task.Priority);
        Assert.Equal(5, lease.Task.MaxAttempts);
        Assert.Equal("k-basic", lease.Task.IdempotencyKey);
        Assert.Equal(task.TraceParent, lease.Task.TraceParent);
        Assert.Equal(1, lease.Attempt);
        Assert.Equal("consumer-a", lease.ConsumerId);
        Assert.False(string.IsNullOrEmpty(lease.LeaseToken));
        Assert.Empty(lease.PreviousErrors);
        Assert.True(lease.LeasedUntil > Time.GetUtcNow());

        await Store.CompleteAsync(lease, CancellationToken.None);
        Assert.Empty(await LeaseAsync(queue, "consumer-b"));
        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(0, stats.Depth);
        Assert.Equal(0, stats.Leased);
    }

    [Fact]
    public async Task A_leased_task_is_invisible_to_other_consumers()
    {
        var queue = NewQueue("invisible");
        await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        Assert.Single(await LeaseAsync(queue, "consumer-a"));
        Assert.Empty(await LeaseAsync(queue, "consumer-b"));
    }

    [Fact]
    public async Task Second_enqueue_with_the_same_idempotency_key_returns_the_first_id_while_pending_and_after_done()
    {
        var queue = NewQueue("idem");
        var first = await Store.EnqueueAsync(NewTask(queue, idempotencyKey: "order-42"), CancellationToken.None);
        var second = await Store.EnqueueAsync(NewTask(queue, idempotencyKey: "order-42"), CancellationToken.None);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.TaskId, second.TaskId);

        var lease = Assert.Single(await LeaseAsync(queue, max: 10));
        await Store.CompleteAsync(lease, CancellationToken.None);
        var third = await Store.EnqueueAsync(NewTask(queue, idempotencyKey: "order-42"), CancellationToken.None);
        Assert.False(third.Created);
        Assert.Equal(first.TaskId, third.TaskId);
        Assert.Empty(await LeaseAsync(queue, max: 10));

        var other = await Store.EnqueueAsync(NewTask(queue, idempotencyKey: "order-43"), CancellationToken.None);
        Assert.True(other.Created);
        Assert.NotEqual(first.TaskId, other.TaskId);
    }

    [Fact]
    public async Task Higher_priority_is_leased_first_and_fifo_within_a_priority()
    {
        var queue = NewQueue("prio");
        var low1 = NewTask(queue, priority: 0);
        var high = NewTask(queue, priority: 5);
        var low2 = NewTask(queue, priority: 0);
        var highest = NewTask(queue, priority: 10);
        var high2 = NewTask(queue, priority: 5);
        foreach (var task in new[] { low1, high, low2, highest, high2 })
        {
            await Store.EnqueueAsync(task, CancellationToken.None);
        }

        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var lease = Assert.Single(await LeaseAsync(queue));
            order.Add(lease.Task.Id);
            await Store.CompleteAsync(lease, CancellationToken.None);
        }

        Assert.Equal([highest.Id, high.Id, high2.Id, low1.Id, low2.Id], order);
    }

    [Fact]
    public async Task A_batch_lease_follows_priority_order()
    {
        var queue = NewQueue("batch");
        var a = NewTask(queue, priority: 1);
        var b = NewTask(queue, priority: 2);
        var c = NewTask(queue, priority: 1);
        foreach (var task in new[] { a, b, c })
        {
            await Store.EnqueueAsync(task, CancellationToken.None);
        }

        var leases = await LeaseAsync(queue, max: 10);
        Assert.Equal([b.Id, a.Id, c.Id], leases.Select(l => l.Task.Id));
    }

    [Fact]
    public async Task A_delayed_task_is_not_leased_before_its_not_before()
    {
        var queue = NewQueue("delay");
        var task = NewTask(queue, notBefore: Time.GetUtcNow() + TimeSpan.FromMilliseconds(600));
        await Store.EnqueueAsync(task, CancellationToken.None);
        Assert.Empty(await LeaseAsync(queue));
        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(1, stats.Delayed);
        Assert.Equal(1, stats.Depth);

        await AdvanceAsync(TimeSpan.FromMilliseconds(700));
        var lease = await LeaseOneEventuallyAsync(queue, "c1", LongLease);
        Assert.Equal(task.Id, lease.Task.Id);
    }

    [Fact]
    public async Task An_expired_lease_is_redelivered_to_another_consumer_with_the_attempt_incremented()
    {
        var queue = NewQueue("expiry");
        var task = NewTask(queue);
        await Store.EnqueueAsync(task, CancellationToken.None);
        var dead = Assert.Single(await LeaseAsync(queue, "dead-consumer", lease: ShortLease));
        Assert.Equal(1, dead.Attempt);

        await AdvanceAsync(ShortLease + TimeSpan.FromMilliseconds(200));
        var again = await LeaseOneEventuallyAsync(queue, "live-consumer", LongLease);
        Assert.Equal(task.Id, again.Task.Id);
        Assert.Equal(2, again.Attempt);
        Assert.Equal("live-consumer", again.ConsumerId);
        Assert.NotEqual(dead.LeaseToken, again.LeaseToken);
    }

    [Fact]
    public async Task A_renewed_lease_is_kept_past_its_first_expiry()
    {
        var queue = NewQueue("renew");
        await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        var lease = Assert.Single(await LeaseAsync(queue, "c1", lease: ShortLease));

        await AdvanceAsync(ShortLease / 2);
        Assert.True(await Store.RenewAsync(lease, TimeSpan.FromSeconds(30), CancellationToken.None));
        await AdvanceAsync(ShortLease);
        Assert.Empty(await LeaseAsync(queue, "c2"));

        await Store.CompleteAsync(lease, CancellationToken.None);
        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(0, stats.Depth);
    }

    [Fact]
    public async Task Renew_after_the_lease_was_taken_over_returns_false_and_the_stale_holder_cannot_ack()
    {
        var queue = NewQueue("lost");
        await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        var stale = Assert.Single(await LeaseAsync(queue, "c1", lease: ShortLease));
        await AdvanceAsync(ShortLease + TimeSpan.FromMilliseconds(200));
        var current = await LeaseOneEventuallyAsync(queue, "c2", LongLease);

        Assert.False(await Store.RenewAsync(stale, TimeSpan.FromSeconds(30), CancellationToken.None));
        await Store.CompleteAsync(stale, CancellationToken.None);
        Assert.True(await Store.RenewAsync(current, TimeSpan.FromSeconds(30), CancellationToken.None));
        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(1, stats.Depth);
        Assert.Equal(1, stats.Leased);

        await Store.CompleteAsync(current, CancellationToken.None);
        Assert.Equal(0, (await Store.GetStatsAsync(queue, CancellationToken.None)).Depth);
    }

    [Fact]
    public async Task Retry_returns_the_task_after_its_not_before_with_the_error_history()
    {
        var queue = NewQueue("retry");
        var task = NewTask(queue);
        await Store.EnqueueAsync(task, CancellationToken.None);
        var first = Assert.Single(await LeaseAsync(queue));
        await Store.RetryAsync(first, Time.GetUtcNow() + TimeSpan.FromMilliseconds(600), Error(1, "boom 1"), CancellationToken.None);

        Assert.Empty(await LeaseAsync(queue));
        Assert.Equal(1, (await Store.GetStatsAsync(queue, CancellationToken.None)).Delayed);
        await AdvanceAsync(TimeSpan.FromMilliseconds(700));
        var second = await LeaseOneEventuallyAsync(queue, "c1", LongLease);
        Assert.Equal(task.Id, second.Task.Id);
        Assert.Equal(2, second.Attempt);
        var error = Assert.Single(second.PreviousErrors);
        Assert.Equal(1, error.Attempt);
        Assert.Equal("boom 1", error.Message);
        Assert.Equal("System.InvalidOperationException", error.Type);
    }

    [Fact]
    public async Task Dead_letter_keeps_the_error_history_lists_it_and_redrive_resets_the_attempts()
    {
        var queue = NewQueue("dlq");
        var task = NewTask(queue, maxAttempts: 2);
        await Store.EnqueueAsync(task, CancellationToken.None);
        var first = Assert.Single(await LeaseAsync(queue));
        await Store.RetryAsync(first, Time.GetUtcNow(), Error(1, "boom 1"), CancellationToken.None);
        var second = await LeaseOneEventuallyAsync(queue, "c1", LongLease);
        Assert.Equal(2, second.Attempt);
        await Store.DeadLetterAsync(second, Error(2, "boom 2", permanent: true), CancellationToken.None);

        Assert.Empty(await LeaseAsync(queue));
        var dead = Assert.Single(await Store.ListDeadLettersAsync(queue, 10, CancellationToken.None));
        Assert.Equal(task.Id, dead.Task.Id);
        Assert.Equal(task.Payload.ToArray(), dead.Task.Payload.ToArray());
        Assert.Equal(["boom 1", "boom 2"], dead.Errors.Select(e => e.Message));
        Assert.True(dead.Errors[1].Permanent);
        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(1, stats.DeadLettered);
        Assert.Equal(0, stats.Depth);

        Assert.False(await Store.RedriveAsync(queue, "no-such-task", CancellationToken.None));
        Assert.True(await Store.RedriveAsync(queue, task.Id, CancellationToken.None));
        Assert.Empty(await Store.ListDeadLettersAsync(queue, 10, CancellationToken.None));
        var redriven = await LeaseOneEventuallyAsync(queue, "c1", LongLease);
        Assert.Equal(task.Id, redriven.Task.Id);
        Assert.Equal(1, redriven.Attempt);
        Assert.False(await Store.RedriveAsync(queue, task.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Release_returns_the_task_at_once_without_counting_an_attempt()
    {
        var queue = NewQueue("release");
        var task = NewTask(queue);
        await Store.EnqueueAsync(task, CancellationToken.None);
        var lease = Assert.Single(await LeaseAsync(queue, "stopping-worker"));
        await Store.ReleaseAsync(lease, CancellationToken.None);

        var again = await LeaseOneEventuallyAsync(queue, "other-worker", LongLease);
        Assert.Equal(task.Id, again.Task.Id);
        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public async Task Stats_count_ready_delayed_leased_and_dead_letters()
    {
        var queue = NewQueue("stats");
        await Store.EnqueueAsync(NewTask(queue, priority: 1), CancellationToken.None);
        await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        await Store.EnqueueAsync(NewTask(queue, notBefore: Time.GetUtcNow() + TimeSpan.FromMinutes(10)), CancellationToken.None);
        var leased = Assert.Single(await LeaseAsync(queue));
        var toDie = Assert.Single(await LeaseAsync(queue));
        await Store.DeadLetterAsync(toDie, Error(1, "bad", permanent: true), CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromMilliseconds(100));

        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(3, stats.Depth);
        Assert.Equal(1, stats.Leased);
        Assert.Equal(1, stats.Delayed);
        Assert.Equal(1, stats.DeadLettered);
        Assert.NotNull(stats.OldestReadyAge);
        Assert.True(stats.OldestReadyAge >= TimeSpan.Zero);
        Assert.NotNull(leased);

        var empty = await Store.GetStatsAsync(NewQueue("empty"), CancellationToken.None);
        Assert.Equal(0, empty.Depth);
        Assert.Null(empty.OldestReadyAge);
    }

    [Fact]
    public async Task Concurrent_consumers_never_get_the_same_task()
    {
        var queue = NewQueue("race");
        const int count = 60;
        for (var i = 0; i < count; i++)
        {
            await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        }

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var consumers = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            while (true)
            {
                var leases = await Store.LeaseAsync(queue, $"c{c}", 3, LongLease, CancellationToken.None);
                if (leases.Count == 0)
                {
                    return;
                }

                foreach (var lease in leases)
                {
                    seen.Add(lease.Task.Id);
                    await Store.CompleteAsync(lease, CancellationToken.None);
                }
            }
        })).ToArray();
        await Task.WhenAll(consumers);

        Assert.Equal(count, seen.Count);
        Assert.Equal(count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Acknowledgements_sent_together_complete_only_the_leases_still_held()
    {
        var queue = NewQueue("ack-batch");
        var key = "key-" + queue;
        await Store.EnqueueAsync(NewTask(queue, idempotencyKey: key), CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await Store.EnqueueAsync(NewTask(queue), CancellationToken.None);
        }

        var stale = Assert.Single(await LeaseAsync(queue, "c1", lease: ShortLease));
        var live = await LeaseAsync(queue, "c1", max: 5);
        Assert.Equal(5, live.Count);
        await AdvanceAsync(ShortLease + TimeSpan.FromMilliseconds(200));
        var current = await LeaseOneEventuallyAsync(queue, "c2", LongLease);
        Assert.Equal(stale.Task.Id, current.Task.Id);

        // All at once, as a worker's prefetched batch acknowledges (a group-committing store sends them together); the
        // stale lease's acknowledgement is among them and must change nothing, the oldest task stays where it is.
        await Task.WhenAll(live.Append(stale).Select(l => Store.CompleteAsync(l, CancellationToken.None).AsTask()));
        var stats = await Store.GetStatsAsync(queue, CancellationToken.None);
        Assert.Equal(1, stats.Depth);
        Assert.Equal(1, stats.Leased);
        Assert.Empty(await LeaseAsync(queue, "c3", max: 10));
        Assert.True(await Store.RenewAsync(current, TimeSpan.FromSeconds(30), CancellationToken.None));

        await Store.CompleteAsync(current, CancellationToken.None);
        Assert.Equal(0, (await Store.GetStatsAsync(queue, CancellationToken.None)).Depth);
        var again = await Store.EnqueueAsync(NewTask(queue, idempotencyKey: key), CancellationToken.None);
        Assert.False(again.Created);
        Assert.Equal(stale.Task.Id, again.TaskId);
    }
}
