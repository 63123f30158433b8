using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>The backend conformance suite on the in-memory store, on a fake clock.</summary>
public sealed class InMemoryTaskStoreConformanceTests : TaskStoreConformanceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    protected override TimeProvider Time => _time;

    protected override Task<ITaskStore> CreateStoreAsync() => Task.FromResult<ITaskStore>(new InMemoryTaskStore(timeProvider: _time));

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }
}
