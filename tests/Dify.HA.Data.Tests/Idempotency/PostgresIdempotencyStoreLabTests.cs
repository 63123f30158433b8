using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Idempotency.Internals;
using Dify.HA.Data.Tests.Lab;
using Npgsql;

namespace Dify.HA.Data.Tests.Idempotency;

/// <summary>
/// The idempotency contract on the PostgreSQL backend, writing to whichever lab node is primary now (the multi-host
/// connection string with <c>Target Session Attributes=primary</c>), in its own table.
/// </summary>
[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Postgres")]
#pragma warning disable CA1001 // Disposed in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresIdempotencyStoreLabTests : IdempotencyStoreContractTests
{
    private NpgsqlDataSource? _dataSource;

    public override async Task InitializeAsync()
    {
        var env = LabEnvironment.Load();
        _dataSource = NpgsqlDataSource.Create(env["PG_MULTIHOST_CS"] + ";Target Session Attributes=primary");
        var options = new PostgresIdempotencyStoreOptions { TableName = "dify_idempotency_h5_tests" };
        Store = new PostgresIdempotencyStore(_dataSource.OpenConnectionAsync, options);

        // The first call creates the table; a fresh table each run keeps the test independent of old rows.
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var drop = new NpgsqlCommand("DROP TABLE IF EXISTS public.dify_idempotency_h5_tests", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
#pragma warning restore CA1001
