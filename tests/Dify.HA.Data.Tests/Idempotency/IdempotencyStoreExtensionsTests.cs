using System.Text.Json.Serialization;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Idempotency.Internals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Data.Tests.Idempotency;

public sealed partial class IdempotencyStoreExtensionsTests
{
    /// <summary>A store whose TryBegin answers are scripted.</summary>
    private sealed class ScriptedStore(params IdempotencyBeginResult[] answers) : IIdempotencyStore
    {
        private int _next;

        public int Begins => _next;

        public List<IdempotencyLease> Abandoned { get; } = [];

        public List<(IdempotencyLease Lease, byte[] Result)> Completed { get; } = [];

        public ValueTask<IdempotencyBeginResult> TryBeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(answers[Math.Min(_next++, answers.Length - 1)]);

        public ValueTask<bool> CompleteAsync(IdempotencyLease lease, ReadOnlyMemory<byte> result, TimeSpan ttl, CancellationToken cancellationToken = default)
        {
            Completed.Add((lease, result.ToArray()));
            return ValueTask.FromResult(true);
        }

        public ValueTask<bool> AbandonAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
        {
            Abandoned.Add(lease);
            return ValueTask.FromResult(true);
        }
    }

    public sealed record Answer(int Value, string Label);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(Answer))]
    private sealed partial class TestJsonContext : JsonSerializerContext;

    [Fact]
    public async Task A_caller_that_finds_the_work_in_progress_gives_up_after_the_wait_timeout()
    {
        var time = new FakeTimeProvider();
        var store = new ScriptedStore(IdempotencyBeginResult.InProgress(TimeSpan.FromSeconds(20)));
        var options = new IdempotencyRunOptions { WaitTimeout = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(100), TimeProvider = time };

        var run = store.RunOnceAsync("k", _ => throw new InvalidOperationException("must not run"), options).AsTask();
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        var error = await Assert.ThrowsAsync<IdempotencyInProgressException>(() => run);
        Assert.Equal("k", error.Key);
        Assert.InRange(store.Begins, 10, 12);
    }

    [Fact]
    public async Task A_waiting_caller_returns_the_result_once_the_other_holder_completes()
    {
        var time = new FakeTimeProvider();
        var store = new ScriptedStore(
            IdempotencyBeginResult.InProgress(null),
            IdempotencyBeginResult.InProgress(null),
            IdempotencyBeginResult.Completed("done"u8.ToArray()));
        var options = new IdempotencyRunOptions { PollInterval = TimeSpan.FromMilliseconds(50), TimeProvider = time };

        var run = store.RunOnceAsync("k", _ => throw new InvalidOperationException("must not run"), options).AsTask();
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        Assert.Equal("done"u8.ToArray(), (await run).ToArray());
        Assert.Equal(3, store.Begins);
    }

    [Fact]
    public async Task The_typed_overload_stores_snake_case_json_and_returns_the_value()
    {
        var lease = new IdempotencyLease("k", "owner");
        var store = new ScriptedStore(IdempotencyBeginResult.Started(lease));

        var answer = await store.RunOnceAsync("k", _ => ValueTask.FromResult(new Answer(42, "x")), TestJsonContext.Default.Answer);

        Assert.Equal(new Answer(42, "x"), answer);
        var (completedLease, bytes) = Assert.Single(store.Completed);
        Assert.Equal(lease, completedLease);
        Assert.Equal("""{"value":42,"label":"x"}""", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Out_of_range_run_options_are_rejected_naming_the_option()
    {
        var store = new ScriptedStore(IdempotencyBeginResult.InProgress(null));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            store.RunOnceAsync("k", _ => ValueTask.FromResult<ReadOnlyMemory<byte>>(default), new IdempotencyRunOptions { Lease = TimeSpan.Zero }).AsTask());

        Assert.Equal("Lease", error.ParamName);
    }

    [Fact]
    public async Task A_bad_postgres_table_name_stops_the_host_at_start_up_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dify:Idempotency:Postgres:ConnectionString"] = "Host=127.0.0.1;Password=pg-secret-123",
            ["Dify:Idempotency:Postgres:TableName"] = "idem; DROP TABLE users",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDifyPostgresIdempotencyStore(configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dify:Idempotency:Postgres:TableName must be a plain identifier", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-secret-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_postgres_connection_string_without_a_factory_stops_the_host_at_start_up()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDifyPostgresIdempotencyStore();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dify:Idempotency:Postgres:ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_postgres_router_registered_the_store_needs_no_connection_string_of_its_own()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dify:Postgres:ConnectionString"] = "Host=127.0.0.1,127.0.0.2;Username=app;Password=pg-secret-123",
        }).Build();
        var services = new ServiceCollection();
        services.AddDifyPostgres(configuration);
        services.AddDifyPostgresIdempotencyStore(configuration);
        using var provider = services.BuildServiceProvider();

        // Validation passes (it would name Dify:Idempotency:Postgres:ConnectionString otherwise) and the store is built
        // over the router's write intent, without opening anything yet.
        Assert.Null(provider.GetRequiredService<IOptions<PostgresIdempotencyStoreOptions>>().Value.ConnectionString);
        Assert.IsType<PostgresIdempotencyStore>(provider.GetRequiredService<IIdempotencyStore>());
    }
}
