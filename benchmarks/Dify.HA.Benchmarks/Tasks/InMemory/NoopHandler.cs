using Dify.HA.Data.Tasks;

namespace Dify.HA.Benchmarks.Tasks.InMemory;

/// <summary>The no-op handler: counts and returns.</summary>
public sealed class NoopHandler(NoopCounter counter) : ITaskHandler<BenchPayload>
{
    public ValueTask HandleAsync(BenchPayload payload, TaskContext context, CancellationToken cancellationToken)
    {
        counter.Handled();
        return ValueTask.CompletedTask;
    }
}
