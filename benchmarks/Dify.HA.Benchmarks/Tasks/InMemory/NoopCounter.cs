namespace Dify.HA.Benchmarks.Tasks.InMemory;

/// <summary>Counts handled tasks and completes when the expected number is reached.</summary>
public sealed class NoopCounter
{
    private int _remaining;
    private TaskCompletionSource _done = new();

    public Task Expect(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    public void Handled()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.SetResult();
        }
    }
}
