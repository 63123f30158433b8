using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Postgres;
using Dify.HA.Data.Tests.Lab;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Data.Tests.Tasks.Postgres;

/// <summary>The backend conformance suite on the PostgreSQL store over the lab's primary, on a fake clock (leases and due times use the store's clock).</summary>
[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class PostgresTaskStoreConformanceTests : TaskStoreConformanceTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private PostgresRoutingDataSource? _router;

    protected override TimeProvider Time => _time;

    protected override async Task<ITaskStore> CreateStoreAsync()
    {
        _router = await PostgresTaskLab.RouterAsync();
        return new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_conf_tasks"), _time);
    }

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_router is not null) await _router.DisposeAsync();
    }
}

/// <summary>The same suite on the system clock, so real waiting works too (the short-lease tests wait ≈ 0.6 s each).</summary>
[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class PostgresTaskStoreRealClockConformanceTests : TaskStoreConformanceTests
{
    private PostgresRoutingDataSource? _router;

    protected override async Task<ITaskStore> CreateStoreAsync()
    {
        _router = await PostgresTaskLab.RouterAsync();
        return new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_conf_tasks_rt", schema: "t3_tasks"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_router is not null) await _router.DisposeAsync();
    }
}
