using System.Text;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Postgres;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Dify.HA.Data.Tests.Tasks.Postgres;

/// <summary>What only the PostgreSQL backend does: the outbox (enqueue inside the caller's transaction), the table's life cycle, key retention.</summary>
[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class PostgresTaskStoreLabTests : IAsyncLifetime
{
    private PostgresRoutingDataSource _router = null!;

    public async Task InitializeAsync() => _router = await PostgresTaskLab.RouterAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    private static TaskEnvelope Task(string queue, string? key = null, string payload = "{\"order\":1}") => new()
    {
        Id = Guid.CreateVersion7().ToString("N"),
        Queue = queue,
        Payload = Encoding.UTF8.GetBytes(payload),
        EnqueuedAt = DateTimeOffset.UtcNow,
        MaxAttempts = 3,
        IdempotencyKey = key,
    };

    private static string NewQueue(string what) => $"t3-{what}-{Guid.NewGuid():N}";

    private async Task CreateOrdersTableAsync() =>
        await _router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, "CREATE TABLE IF NOT EXISTS t3_orders (id text PRIMARY KEY)", ct), idempotent: true);

    private async Task<bool> OrderExistsAsync(string id) =>
        await _router.ExecuteAsync(DbIntent.ReadPrimary, async (ctx, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM t3_orders WHERE id = $1", ctx.Connection) { Parameters = { new() { Value = id } } };
            return (long)(await command.ExecuteScalarAsync(ct))! == 1;
        });

    [Fact]
    public async Task Outbox_task_enqueued_in_a_committed_business_transaction_is_delivered()
    {
        var store = new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_outbox_tasks"));
        await CreateOrdersTableAsync();
        var queue = NewQueue("outbox-commit");
        var orderId = Guid.NewGuid().ToString("N");
        var task = Task(queue, payload: $"{{\"order\":\"{orderId}\"}}");

        await _router.ExecuteAsync(DbIntent.Write, async (ctx, ct) =>
        {
            await using var insert = new NpgsqlCommand("INSERT INTO t3_orders VALUES ($1)", ctx.Connection) { Parameters = { new() { Value = orderId } } };
            await insert.ExecuteNonQueryAsync(ct);
            var result = await store.EnqueueAsync(task, ctx.Transaction!, ct);
            Assert.True(result.Created);
        });

        Assert.True(await OrderExistsAsync(orderId));
        var lease = Assert.Single(await store.LeaseAsync(queue, "c1", 10, TimeSpan.FromMinutes(1), default));
        Assert.Equal(task.Id, lease.Task.Id);
        Assert.Equal(task.Payload.ToArray(), lease.Task.Payload.ToArray());
        await store.CompleteAsync(lease, default);
        Assert.Equal(0, (await store.GetStatsAsync(queue, default)).Depth);
    }

    [Fact]
    public async Task Outbox_task_enqueued_in_a_rolled_back_business_transaction_never_exists()
    {
        var store = new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_outbox_tasks"));
        await CreateOrdersTableAsync();
        var queue = NewQueue("outbox-rollback");
        var orderId = Guid.NewGuid().ToString("N");

        await using (var connection = await _router.OpenConnectionAsync(DbIntent.Write))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand("INSERT INTO t3_orders VALUES ($1)", connection) { Parameters = { new() { Value = orderId } } })
            {
                await insert.ExecuteNonQueryAsync();
            }

            Assert.True((await store.EnqueueAsync(Task(queue, key: "order-" + orderId), connection, default)).Created);
            // Visible inside the transaction (the business code may read it back) ...
            await using (var count = new NpgsqlCommand($"SELECT count(*) FROM {store.TableName} WHERE queue = $1", connection) { Parameters = { new() { Value = queue } } })
            {
                Assert.Equal(1L, await count.ExecuteScalarAsync());
            }

            await transaction.RollbackAsync();
        }

        // ... and gone with it: no task, no key, no business row.
        Assert.False(await OrderExistsAsync(orderId));
        Assert.Empty(await store.LeaseAsync(queue, "c1", 10, TimeSpan.FromMinutes(1), default));
        Assert.Equal(0, (await store.GetStatsAsync(queue, default)).Depth);
        Assert.True((await store.EnqueueAsync(Task(queue, key: "order-" + orderId), default)).Created);
    }

    [Fact]
    public async Task Outbox_enqueue_with_a_used_idempotency_key_returns_the_first_id_inside_the_transaction()
    {
        var store = new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_outbox_tasks"));
        var queue = NewQueue("outbox-key");
        var first = await store.EnqueueAsync(Task(queue, key: "k"), default);

        var again = await _router.ExecuteAsync(DbIntent.Write, async (ctx, ct) => await store.EnqueueAsync(Task(queue, key: "k"), ctx.Connection, ct));

        Assert.False(again.Created);
        Assert.Equal(first.TaskId, again.TaskId);
        Assert.Equal(1, (await store.GetStatsAsync(queue, default)).Depth);
    }

    [Fact]
    public async Task A_completed_key_is_forgotten_after_its_retention_and_cleanup_deletes_the_row()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = PostgresTaskLab.Options("t3_retention_tasks");
        options.IdempotencyKeyRetention = TimeSpan.FromMinutes(10);
        options.CleanupInterval = TimeSpan.FromSeconds(1);
        var store = new PostgresTaskStore(_router, options, time);
        var queue = NewQueue("retention");

        var first = await store.EnqueueAsync(Task(queue, key: "once"), default);
        await store.CompleteAsync(Assert.Single(await store.LeaseAsync(queue, "c1", 1, TimeSpan.FromMinutes(1), default)), default);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(new TaskEnqueueResult(first.TaskId, false), await store.EnqueueAsync(Task(queue, key: "once"), default));

        time.Advance(TimeSpan.FromMinutes(2));
        var second = await store.EnqueueAsync(Task(queue, key: "once"), default);
        Assert.True(second.Created);
        Assert.NotEqual(first.TaskId, second.TaskId);

        // Another remembered key whose retention runs out is deleted by the next lease call's cleanup.
        var other = await store.EnqueueAsync(Task(queue, key: "other"), default);
        var leases = await store.LeaseAsync(queue, "c1", 10, TimeSpan.FromMinutes(1), default);
        foreach (var lease in leases) await store.CompleteAsync(lease, default);
        time.Advance(TimeSpan.FromMinutes(11));
        await store.LeaseAsync(queue, "c1", 1, TimeSpan.FromMinutes(1), default);
        Assert.False(await RowExistsAsync(store, other.TaskId));
    }

    [Fact]
    public async Task A_task_without_a_key_leaves_no_row_when_completed()
    {
        var store = new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_outbox_tasks"));
        var queue = NewQueue("no-key");
        var enqueued = await store.EnqueueAsync(Task(queue), default);
        await store.CompleteAsync(Assert.Single(await store.LeaseAsync(queue, "c1", 1, TimeSpan.FromMinutes(1), default)), default);
        Assert.False(await RowExistsAsync(store, enqueued.TaskId));
    }

    [Fact]
    public async Task A_payload_that_is_not_json_is_stored_and_handed_out_byte_for_byte()
    {
        var store = new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_outbox_tasks"));
        var queue = NewQueue("bad-payload");
        var task = Task(queue) with { Payload = new byte[] { 0xff, 0x00, (byte)'{', 0xfe } };
        await store.EnqueueAsync(task, default);
        var lease = Assert.Single(await store.LeaseAsync(queue, "c1", 1, TimeSpan.FromMinutes(1), default));
        Assert.Equal(task.Payload.ToArray(), lease.Task.Payload.ToArray());
    }

    [Fact]
    public async Task The_same_task_id_enqueued_twice_is_stored_once()
    {
        var store = new PostgresTaskStore(_router, PostgresTaskLab.Options("t3_outbox_tasks"));
        var queue = NewQueue("same-id");
        var task = Task(queue);
        Assert.True((await store.EnqueueAsync(task, default)).Created);
        Assert.Equal(new TaskEnqueueResult(task.Id, false), await store.EnqueueAsync(task, default));
        Assert.Equal(1, (await store.GetStatsAsync(queue, default)).Depth);
    }

    [Fact]
    public async Task A_missing_table_that_may_not_be_created_fails_with_the_option_to_change()
    {
        var options = PostgresTaskLab.Options("t3_never_created_" + Guid.NewGuid().ToString("N")[..8]);
        options.CreateTableIfMissing = false;
        var store = new PostgresTaskStore(_router, options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.GetStatsAsync("q", default));
        Assert.Contains("Dify:Tasks:Postgres:CreateTableIfMissing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_starting_together_create_the_table_once_in_a_new_schema()
    {
        var schema = "t3_s_" + Guid.NewGuid().ToString("N")[..8];
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresTaskStore(_router, PostgresTaskLab.Options("tasks", schema))).ToList();
        try
        {
            await System.Threading.Tasks.Task.WhenAll(stores.Select(s => s.EnsureTableAsync().AsTask()));
            var queue = NewQueue("schema");
            await stores[0].EnqueueAsync(Task(queue), default);
            Assert.Single(await stores[3].LeaseAsync(queue, "c", 5, TimeSpan.FromMinutes(1), default));
        }
        finally
        {
            await _router.ExecuteAsync(DbIntent.Write, (ctx, ct) => LabRouters.ExecAsync(ctx.Connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE", ct), idempotent: true);
        }
    }

    private async Task<bool> RowExistsAsync(PostgresTaskStore store, string id) =>
        await _router.ExecuteAsync(DbIntent.ReadPrimary, async (ctx, ct) =>
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {store.TableName} WHERE id = $1", ctx.Connection) { Parameters = { new() { Value = id } } };
            return (long)(await command.ExecuteScalarAsync(ct))! > 0;
        });
}
