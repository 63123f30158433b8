using System.Text;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>The hosted worker on the in-memory backend.</summary>
public sealed class TaskWorkerTests
{
    private const string Q = TaskTestHost.Queue;

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Handler_receives_the_payload_and_the_task_is_acknowledged()
    {
        await using var host = TaskTestHost.Create();
        await host.StartAsync();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("doc-1", 7));

        await Eventually.TrueAsync(async () => (await host.Tasks.GetStatsAsync(Q)).Depth == 0 && host.Probe.Calls.Count == 1, "the task is handled and acknowledged");
        var call = Assert.Single(host.Probe.Calls);
        Assert.Equal(new DocumentPayload("doc-1", 7), call.Payload);
        Assert.Equal(id, call.TaskId);
        Assert.Equal(1, call.Attempt);
    }

    [Fact]
    public async Task Payload_is_stored_as_snake_case_json()
    {
        var store = new InMemoryTaskStore();
        await using var host = TaskTestHost.Create(store: store);
        await host.Tasks.EnqueueAsync(Q, new DocumentPayload("doc-1", 7));
        var lease = Assert.Single(await store.LeaseAsync(Q, "peek", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal("{\"document_id\":\"doc-1\",\"number\":7}", Encoding.UTF8.GetString(lease.Task.Payload.Span));
    }

    [Fact]
    public async Task Failing_handler_is_retried_with_full_jitter_backoff_then_dead_lettered_with_its_history()
    {
        var clock = NewClock();
        await using var host = TaskTestHost.Create(
            o =>
            {
                o.MaxAttempts = 4;
                o.BackoffBase = TimeSpan.FromSeconds(1);
                o.BackoffMax = TimeSpan.FromSeconds(3);
            },
            time: clock);
        host.Probe.Behaviour = (_, c, _) => throw new InvalidOperationException($"downstream refused attempt {c.Attempt}");
        await host.StartAsync();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("doc-2", 1));

        await Eventually.TrueAsync(async () => (await host.Tasks.ListDeadLettersAsync(Q)).Count == 1, "dead letter", advance: clock, step: TimeSpan.FromMilliseconds(100));
        var dead = Assert.Single(await host.Tasks.ListDeadLettersAsync(Q));
        Assert.Equal(id, dead.Task.Id);
        Assert.Equal([1, 2, 3, 4], dead.Errors.Select(e => e.Attempt));
        Assert.All(dead.Errors, e => Assert.Equal(typeof(InvalidOperationException).FullName, e.Type));
        Assert.Equal("downstream refused attempt 4", dead.Errors[^1].Message);
        Assert.All(dead.Errors, e => Assert.False(e.Permanent));

        var calls = host.Probe.Calls.ToArray();
        Assert.Equal(4, calls.Length);

        // Attempt n waits at most min(max, base * 2^(n-1)) (plus one clock step of slack): 1 s, 2 s, 3 s (capped).
        TimeSpan[] caps = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];
        for (var i = 1; i < calls.Length; i++)
        {
            Assert.InRange(calls[i].At - calls[i - 1].At, TimeSpan.Zero, caps[i - 1] + TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(0, (await host.Tasks.GetStatsAsync(Q)).Depth);
    }

    [Fact]
    public async Task Permanent_failure_is_dead_lettered_after_one_attempt()
    {
        await using var host = TaskTestHost.Create(o => o.MaxAttempts = 5);
        host.Probe.Behaviour = (_, _, _) => throw new PermanentTaskException("document was deleted");
        await host.StartAsync();
        await host.Tasks.EnqueueAsync(Q, new DocumentPayload("doc-gone", 1));

        await Eventually.TrueAsync(async () => (await host.Tasks.ListDeadLettersAsync(Q)).Count == 1, "dead letter");
        var error = Assert.Single(Assert.Single(await host.Tasks.ListDeadLettersAsync(Q)).Errors);
        Assert.True(error.Permanent);
        Assert.Equal("document was deleted", error.Message);
        Assert.Single(host.Probe.Calls);
    }

    [Fact]
    public async Task Undeserializable_payload_goes_straight_to_dead_letter_and_the_worker_carries_on()
    {
        await using var host = TaskTestHost.Create(o => o.Concurrency = 1);
        await host.StartAsync();
        foreach (var (id, body) in new[] { ("bad-json", "{not json"), ("bad-shape", "[1,2]"), ("null", "null") })
        {
            await host.Store.EnqueueAsync(
                new TaskEnvelope { Id = id, Queue = Q, Payload = Encoding.UTF8.GetBytes(body), EnqueuedAt = DateTimeOffset.UtcNow, MaxAttempts = 5 },
                CancellationToken.None);
        }

        var good = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("doc-ok", 1));

        await Eventually.TrueAsync(async () => (await host.Tasks.ListDeadLettersAsync(Q)).Count == 3 && host.Probe.CallsOf(good) == 1, "3 bad payloads dead-lettered and the good task handled");
        var dead = await host.Tasks.ListDeadLettersAsync(Q);
        Assert.All(dead, d =>
        {
            var error = Assert.Single(d.Errors);
            Assert.Equal(TaskErrorTypes.BadPayload, error.Type);
            Assert.True(error.Permanent);
            Assert.False(string.IsNullOrEmpty(error.Message));
        });
        Assert.Contains("null", dead.Single(d => d.Task.Id == "null").Errors[0].Message, StringComparison.Ordinal);
        Assert.Single(host.Probe.Calls);
    }

    [Fact]
    public async Task Redriven_dead_letter_is_handled_again_from_attempt_one()
    {
        await using var host = TaskTestHost.Create(o => o.MaxAttempts = 2);
        var fail = true;
        host.Probe.Behaviour = (_, _, _) => Volatile.Read(ref fail) ? throw new InvalidOperationException("not yet") : ValueTask.CompletedTask;
        await host.StartAsync();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("doc-r", 1));
        await Eventually.TrueAsync(async () => (await host.Tasks.ListDeadLettersAsync(Q)).Count == 1, "dead letter");
        Assert.Equal(2, host.Probe.CallsOf(id));

        Volatile.Write(ref fail, false);
        Assert.True(await host.Tasks.RedriveAsync(Q, id));
        await Eventually.TrueAsync(async () => host.Probe.CallsOf(id) == 3 && (await host.Tasks.GetStatsAsync(Q)).Depth == 0, "re-driven task handled");
        Assert.Equal(1, host.Probe.Calls.Last().Attempt);
        Assert.Empty(await host.Tasks.ListDeadLettersAsync(Q));
    }

    [Fact]
    public async Task Tasks_run_in_priority_order_then_fifo()
    {
        await using var host = TaskTestHost.Create(o => o.Concurrency = 1);
        var low1 = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("low1", 0));
        var high = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("high", 0), new TaskEnqueueOptions { Priority = 9 });
        var low2 = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("low2", 0));
        var mid = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("mid", 0), new TaskEnqueueOptions { Priority = 5 });
        await host.StartAsync();

        await Eventually.TrueAsync(() => host.Probe.Calls.Count == 4, "all four handled");
        Assert.Equal([high, mid, low1, low2], host.Probe.Calls.Select(c => c.TaskId));
    }

    [Fact]
    public async Task Delayed_task_runs_after_its_delay()
    {
        var clock = NewClock();
        await using var host = TaskTestHost.Create(time: clock);
        await host.StartAsync();
        await host.Tasks.EnqueueAsync(Q, new DocumentPayload("later", 0), new TaskEnqueueOptions { Delay = TimeSpan.FromMinutes(10) });
        var enqueuedAt = clock.GetUtcNow();

        await Eventually.TrueAsync(() => host.Probe.Calls.Count == 1, "the delayed task runs", advance: clock, step: TimeSpan.FromSeconds(30));
        Assert.True(host.Probe.Calls.Single().At - enqueuedAt >= TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Handler_exceeding_its_timeout_is_retried_with_a_timeout_error()
    {
        var clock = NewClock();
        await using var host = TaskTestHost.Create(o => o.MaxAttempts = 2, time: clock);
        host.Probe.Behaviour = async (_, c, ct) =>
        {
            if (c.Attempt == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
        };
        await host.StartAsync();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("slow", 0), new TaskEnqueueOptions { Timeout = TimeSpan.FromSeconds(30) });

        await Eventually.TrueAsync(async () => host.Probe.CallsOf(id) == 2 && (await host.Tasks.GetStatsAsync(Q)).Depth == 0, "the second attempt completes", advance: clock, step: TimeSpan.FromSeconds(1));
        Assert.Empty(await host.Tasks.ListDeadLettersAsync(Q));
    }

    [Fact]
    public async Task Heartbeat_keeps_a_long_task_on_a_live_worker_from_running_twice()
    {
        var clock = NewClock();
        var store = new InMemoryTaskStore(timeProvider: clock);
        var probe = new TaskProbe();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Behaviour = async (_, _, ct) => await release.Task.WaitAsync(ct);
        void Options(TaskQueueOptions o)
        {
            o.LeaseDuration = TimeSpan.FromMilliseconds(200);
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(40);
            o.PollInterval = TimeSpan.FromMilliseconds(10);
        }

        await using var a = TaskTestHost.Create(Options, time: clock, store: store, probe: probe);
        await using var b = TaskTestHost.Create(Options, time: clock, store: store, probe: probe);
        await a.StartAsync();
        await b.StartAsync();
        var id = await a.Tasks.EnqueueAsync(Q, new DocumentPayload("long", 0));
        await Eventually.TrueAsync(() => probe.CallsOf(id) == 1, "the task starts", advance: clock, step: TimeSpan.FromMilliseconds(5));

        // Four lease durations pass on the clock while the handler runs; the other worker polls every 10 ms all along.
        var runningSince = clock.GetUtcNow();
        await Eventually.TrueAsync(() => clock.GetUtcNow() - runningSince >= TimeSpan.FromMilliseconds(800), "four lease durations", advance: clock, step: TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, probe.CallsOf(id));
        release.SetResult();
        await Eventually.TrueAsync(async () => (await a.Tasks.GetStatsAsync(Q)).Depth == 0, "acknowledged", advance: clock, step: TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, probe.CallsOf(id));
        Assert.Single(probe.Calls);
    }

    [Fact]
    public async Task Shutdown_lets_a_running_task_finish_within_the_shutdown_timeout()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        await using var host = TaskTestHost.Create(o => o.Concurrency = 1, shutdownTimeout: TimeSpan.FromSeconds(10));
        host.Probe.Behaviour = async (_, _, _) =>
        {
            started.SetResult();
            await finish.Task; // ignores cancellation on purpose: shutdown must wait, not cancel
            Volatile.Write(ref finished, true);
        };
        await host.StartAsync();
        await host.Tasks.EnqueueAsync(Q, new DocumentPayload("draining", 0));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = host.StopAsync();
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        finish.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Volatile.Read(ref finished));
        var stats = await host.Store.GetStatsAsync(Q, CancellationToken.None);
        Assert.Equal(0, stats.Depth);
    }

    [Fact]
    public async Task Shutdown_timeout_cancels_running_and_releases_prefetched_tasks_without_counting_attempts()
    {
        var store = new InMemoryTaskStore();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = TaskTestHost.Create(
            o =>
            {
                o.Concurrency = 1;
                o.PrefetchCount = 3;
            },
            store: store,
            shutdownTimeout: TimeSpan.FromMilliseconds(200));
        host.Probe.Behaviour = async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        };
        for (var i = 0; i < 3; i++)
        {
            await host.Tasks.EnqueueAsync(Q, new DocumentPayload($"doc-{i}", i));
        }

        await host.StartAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, (await store.GetStatsAsync(Q, CancellationToken.None)).Leased);
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var stats = await store.GetStatsAsync(Q, CancellationToken.None);
        Assert.Equal(3, stats.Depth);
        Assert.Equal(0, stats.Leased);
        var leases = await store.LeaseAsync(Q, "next-worker", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(3, leases.Count);
        Assert.All(leases, l => Assert.Equal(1, l.Attempt));
        Assert.Single(host.Probe.Calls);
    }

    [Fact]
    public async Task Effect_once_skips_the_handler_when_a_redelivered_task_already_took_effect()
    {
        // The first acknowledgement is lost (as if the worker died right after the handler): the lease expires,
        // the task is delivered again, and the effect-once mark stops the handler from running twice.
        var store = new LossyCompleteStore(new InMemoryTaskStore(), dropEvery: 1, maxDrops: 1);
        await using var host = TaskTestHost.Create(
            o =>
            {
                o.EffectOnce = true;
                o.LeaseDuration = TimeSpan.FromMilliseconds(150);
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
                o.PollInterval = TimeSpan.FromMilliseconds(10);
            },
            store: store,
            services: s => s.AddSingleton<IIdempotencyStore>(new InMemoryIdempotencyStore(TimeProvider.System)));
        host.Probe.Behaviour = (p, c, _) =>
        {
            host.Probe.Effects.AddOrUpdate(c.TaskId, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        };
        await host.StartAsync();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("once", 0));

        await Eventually.TrueAsync(async () => store.Completes >= 2 && (await host.Tasks.GetStatsAsync(Q)).Depth == 0, "delivered twice and finally acknowledged");
        Assert.Equal(1, store.Dropped);
        Assert.Equal(1, host.Probe.Effects[id]);
        Assert.Equal(1, host.Probe.CallsOf(id));
    }

    [Fact]
    public async Task Effect_once_step_helper_runs_a_step_once_across_retries()
    {
        await using var host = TaskTestHost.Create(o => o.MaxAttempts = 3);
        host.Probe.Behaviour = async (_, c, ct) =>
        {
            await c.RunOnceAsync("send-mail", _ =>
            {
                host.Probe.Effects.AddOrUpdate("mail", 1, (_, n) => n + 1);
                return ValueTask.CompletedTask;
            }, ct);
            if (c.Attempt < 3)
            {
                throw new InvalidOperationException("the step after the mail failed");
            }
        };
        await host.StartAsync();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("mail", 0));

        await Eventually.TrueAsync(async () => host.Probe.CallsOf(id) == 3 && (await host.Tasks.GetStatsAsync(Q)).Depth == 0, "third attempt completes");
        Assert.Equal(1, host.Probe.Effects["mail"]);
    }

    [Fact]
    public async Task Prefetched_tasks_run_while_earlier_acknowledgements_are_stored_and_stay_leased_until_they_are()
    {
        var clock = NewClock();
        var store = new GatedCompleteStore(new InMemoryTaskStore(timeProvider: clock));
        await using var host = TaskTestHost.Create(
            o =>
            {
                o.Concurrency = 2;
                o.PrefetchCount = 3;
                o.LeaseDuration = TimeSpan.FromSeconds(1);
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            },
            time: clock,
            store: store);
        for (var i = 0; i < 3; i++)
        {
            await host.Tasks.EnqueueAsync(Q, new DocumentPayload($"doc-{i}", i));
        }

        await host.StartAsync();

        // The slot that leased all three ran every handler without waiting for the first acknowledgement.
        await Eventually.TrueAsync(() => host.Probe.Calls.Count == 3 && store.Waiting == 3, "three handlers ran, three acknowledgements in flight");

        // Twice the 1 s lease later (fake clock) the tasks are still held: renewed while their acknowledgements wait, so
        // the idle second slot, polling all along, never gets one of them again.
        await Eventually.TrueAsync(() => store.RenewalsWhileWaiting >= 60, "renewals while the acknowledgements wait", advance: clock, step: TimeSpan.FromMilliseconds(10));
        Assert.Equal(3, host.Probe.Calls.Count);
        Assert.Equal(0, store.Completed);

        store.Open();
        await Eventually.TrueAsync(async () => store.Completed == 3 && (await host.Tasks.GetStatsAsync(Q)).Depth == 0, "all acknowledged");
        Assert.Equal(3, host.Probe.Calls.Select(c => c.TaskId).Distinct().Count());
        Assert.Equal(3, host.Probe.Calls.Count);
    }
}
