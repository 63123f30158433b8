using System.Diagnostics;
using System.Text;
using Dify.HA.Data.Idempotency;

namespace Dify.HA.Data.Tests.Idempotency;

/// <summary>What every idempotency backend must do, run against a real server by each backend's subclass.</summary>
public abstract class IdempotencyStoreContractTests : IAsyncLifetime
{
    protected IIdempotencyStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected static string NewKey(string what) => $"h5-{what}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Exactly_one_of_fifty_concurrent_callers_is_started()
    {
        var key = NewKey("fifty");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30));
        })).ToArray();

        go.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Single(results, r => r.Status == IdempotencyStatus.Started);
        Assert.Equal(49, results.Count(r => r.Status == IdempotencyStatus.InProgress));
    }

    [Fact]
    public async Task A_crashed_holders_lease_expires_and_the_late_holder_cannot_complete_or_abandon()
    {
        var key = NewKey("lease");
        var crashed = await Store.TryBeginAsync(key, TimeSpan.FromMilliseconds(300));
        Assert.Equal(IdempotencyStatus.Started, crashed.Status);
        var clock = Stopwatch.StartNew();
        Assert.Equal(IdempotencyStatus.InProgress, (await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30))).Status);

        // The holder never completes: poll until someone else may start.
        IdempotencyBeginResult taken;
        while ((taken = await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30))).Status != IdempotencyStatus.Started)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the crashed holder's lease never expired");
            await Task.Delay(25);
        }

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        Assert.False(await Store.CompleteAsync(crashed.Lease, Encoding.UTF8.GetBytes("late"), TimeSpan.FromMinutes(1)));
        Assert.False(await Store.AbandonAsync(crashed.Lease));
        Assert.True(await Store.CompleteAsync(taken.Lease, Encoding.UTF8.GetBytes("new holder"), TimeSpan.FromMinutes(1)));
        var after = await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30));
        Assert.Equal(IdempotencyStatus.Completed, after.Status);
        Assert.Equal("new holder", Encoding.UTF8.GetString(after.Result.Span));
    }

    [Fact]
    public async Task Completing_twice_with_the_same_lease_succeeds_and_keeps_the_result()
    {
        var key = NewKey("twice");
        var begin = await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30));

        Assert.True(await Store.CompleteAsync(begin.Lease, new byte[] { 1, 2, 3 }, TimeSpan.FromMinutes(1)));
        Assert.True(await Store.CompleteAsync(begin.Lease, new byte[] { 1, 2, 3 }, TimeSpan.FromMinutes(1)));

        var again = await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30));
        Assert.Equal(IdempotencyStatus.Completed, again.Status);
        Assert.Equal(new byte[] { 1, 2, 3 }, again.Result.ToArray());
    }

    [Fact]
    public async Task Abandoning_lets_the_next_caller_start_at_once()
    {
        var key = NewKey("abandon");
        var first = await Store.TryBeginAsync(key, TimeSpan.FromMinutes(5));

        Assert.True(await Store.AbandonAsync(first.Lease));

        Assert.Equal(IdempotencyStatus.Started, (await Store.TryBeginAsync(key, TimeSpan.FromMinutes(5))).Status);
    }

    [Fact]
    public async Task A_completed_mark_expires_after_its_ttl()
    {
        var key = NewKey("ttl");
        var first = await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30));
        Assert.True(await Store.CompleteAsync(first.Lease, "x"u8.ToArray(), TimeSpan.FromMilliseconds(300)));
        Assert.Equal(IdempotencyStatus.Completed, (await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30))).Status);

        var clock = Stopwatch.StartNew();
        while ((await Store.TryBeginAsync(key, TimeSpan.FromSeconds(30))).Status != IdempotencyStatus.Started)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the completed mark never expired");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task RunOnce_runs_the_work_once_and_returns_the_stored_result_to_repeat_and_concurrent_callers()
    {
        var key = NewKey("runonce");
        var runs = 0;
        var options = new IdempotencyRunOptions { PollInterval = TimeSpan.FromMilliseconds(20), WaitTimeout = TimeSpan.FromSeconds(10) };
        async ValueTask<ReadOnlyMemory<byte>> Work(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(100, ct);
            return Encoding.UTF8.GetBytes("result-42");
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Store.RunOnceAsync(key, Work, options).AsTask()));
        var repeat = await Store.RunOnceAsync(key, Work, options);

        Assert.Equal(1, runs);
        Assert.All(concurrent, r => Assert.Equal("result-42", Encoding.UTF8.GetString(r.Span)));
        Assert.Equal("result-42", Encoding.UTF8.GetString(repeat.Span));
    }

    [Fact]
    public async Task RunOnce_abandons_when_the_work_throws_so_a_retry_runs_it_again()
    {
        var key = NewKey("throws");
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.RunOnceAsync(key, _ =>
        {
            runs++;
            throw new InvalidOperationException("work failed");
        }).AsTask());
        var result = await Store.RunOnceAsync(key, _ =>
        {
            runs++;
            return ValueTask.FromResult<ReadOnlyMemory<byte>>("ok"u8.ToArray());
        });

        Assert.Equal(2, runs);
        Assert.Equal("ok", Encoding.UTF8.GetString(result.Span));
    }
}
