using System.Collections.Concurrent;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Internals;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>The worker's shared lease call for its free slots.</summary>
public sealed class TaskLeaseBatcherTests
{
    private static TaskLease Lease(int n) => new()
    {
        Task = new TaskEnvelope { Id = "t" + n, Queue = "q" },
        ConsumerId = "c",
        LeaseToken = "token",
    };

    private static string[] Ids(IReadOnlyList<TaskLease> leases) => [.. leases.Select(l => l.Task.Id)];

    [Fact]
    public async Task Slots_freed_while_a_lease_call_runs_share_the_next_call_round_robin_each_at_most_its_prefetch()
    {
        var asked = new ConcurrentQueue<int>();
        var firstCall = new TaskCompletionSource<IReadOnlyList<TaskLease>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var batcher = new TaskLeaseBatcher(
            (count, _) =>
            {
                asked.Enqueue(count);
                return Interlocked.Increment(ref calls) == 1
                    ? new ValueTask<IReadOnlyList<TaskLease>>(firstCall.Task)
                    : ValueTask.FromResult<IReadOnlyList<TaskLease>>([.. Enumerable.Range(0, 5).Select(Lease)]);
            },
            perSlot: 2);

        var a = batcher.LeaseAsync(CancellationToken.None);
        var b = batcher.LeaseAsync(CancellationToken.None);
        var c = batcher.LeaseAsync(CancellationToken.None);
        var d = batcher.LeaseAsync(CancellationToken.None);
        Assert.False(b.IsCompleted);
        firstCall.SetResult([Lease(100)]);

        Assert.Equal(["t100"], Ids(await a));
        Assert.Equal(["t0", "t3"], Ids(await b));
        Assert.Equal(["t1", "t4"], Ids(await c));
        Assert.Equal(["t2"], Ids(await d));
        Assert.Equal([2, 6], asked);
    }

    [Fact]
    public async Task A_failed_shared_lease_call_fails_every_waiting_slot_and_the_next_call_works()
    {
        var firstCall = new TaskCompletionSource<IReadOnlyList<TaskLease>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondCall = new TaskCompletionSource<IReadOnlyList<TaskLease>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var batcher = new TaskLeaseBatcher(
            (_, _) => Interlocked.Increment(ref calls) switch
            {
                1 => new ValueTask<IReadOnlyList<TaskLease>>(firstCall.Task),
                2 => new ValueTask<IReadOnlyList<TaskLease>>(secondCall.Task),
                _ => ValueTask.FromResult<IReadOnlyList<TaskLease>>([Lease(7)]),
            },
            perSlot: 1);

        var first = batcher.LeaseAsync(CancellationToken.None);
        var b = batcher.LeaseAsync(CancellationToken.None);
        var c = batcher.LeaseAsync(CancellationToken.None);
        firstCall.SetResult([]);
        Assert.Empty(await first);
        secondCall.SetException(new InvalidOperationException("backend down"));

        Assert.Equal("backend down", (await Assert.ThrowsAsync<InvalidOperationException>(() => b)).Message);
        Assert.Equal("backend down", (await Assert.ThrowsAsync<InvalidOperationException>(() => c)).Message);
        Assert.Equal(["t7"], Ids(await batcher.LeaseAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task A_shared_lease_call_asks_for_at_most_a_thousand_tasks()
    {
        var asked = new ConcurrentQueue<int>();
        var firstCall = new TaskCompletionSource<IReadOnlyList<TaskLease>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var batcher = new TaskLeaseBatcher(
            (count, _) =>
            {
                asked.Enqueue(count);
                return Interlocked.Increment(ref calls) == 1
                    ? new ValueTask<IReadOnlyList<TaskLease>>(firstCall.Task)
                    : ValueTask.FromResult<IReadOnlyList<TaskLease>>([]);
            },
            perSlot: 400);

        var first = batcher.LeaseAsync(CancellationToken.None);
        var waiting = Enumerable.Range(0, 3).Select(_ => batcher.LeaseAsync(CancellationToken.None)).ToArray();
        firstCall.SetResult([]);
        await first;
        await Task.WhenAll(waiting);

        Assert.Equal([400, TaskLeaseBatcher.MaxPerCall], asked);
    }
}
