using Dify.HA.Data.Redis.Internals;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Data.Tests.Redis;

public sealed class ReconfigureCoordinatorTests
{
    [Fact]
    public async Task Fifty_callers_failing_together_share_one_reconfigure()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var coordinator = new ReconfigureCoordinator(
            async _ =>
            {
                Interlocked.Increment(ref runs);
                await release.Task;
            },
            TimeProvider.System,
            TimeSpan.Zero);
        var generation = coordinator.Generation;

        var waits = new Task[50];
        Parallel.For(0, 50, i => waits[i] = coordinator.RequestAsync(generation));
        release.SetResult();
        await Task.WhenAll(waits);

        Assert.Equal(1, runs);
        Assert.Equal(generation + 1, coordinator.Generation);
    }

    [Fact]
    public async Task A_caller_whose_failure_predates_a_finished_reconfigure_does_not_start_another()
    {
        var runs = 0;
        var coordinator = new ReconfigureCoordinator(_ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, TimeProvider.System, TimeSpan.Zero);
        var before = coordinator.Generation;

        await coordinator.RequestAsync(before);
        await coordinator.RequestAsync(before);
        Assert.Equal(1, runs);

        await coordinator.RequestAsync(coordinator.Generation);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Reconfigures_are_spaced_by_the_minimum_interval()
    {
        var time = new FakeTimeProvider();
        var runs = 0;
        var coordinator = new ReconfigureCoordinator(_ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, time, TimeSpan.FromMilliseconds(250));

        await coordinator.RequestAsync(coordinator.Generation);
        var second = coordinator.RequestAsync(coordinator.Generation);

        // The second one waits on the fake clock: it has not run until 250 ms pass.
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Equal(1, Volatile.Read(ref runs));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_failing_reconfigure_is_reported_and_does_not_throw_to_callers()
    {
        Exception? reported = null;
        var coordinator = new ReconfigureCoordinator(_ => throw new InvalidOperationException("boom"), TimeProvider.System, TimeSpan.Zero, ex => reported = ex);

        await coordinator.RequestAsync(coordinator.Generation);

        Assert.IsType<InvalidOperationException>(reported);
        Assert.Equal(1, coordinator.Generation);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
