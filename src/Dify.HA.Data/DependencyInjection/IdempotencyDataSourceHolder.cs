using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Owns the <see cref="NpgsqlDataSource"/> the PostgreSQL idempotency store uses when no
/// <c>PostgresPrimaryConnectionFactory</c> is registered, so that the container disposes it. Until the Postgres
/// routing's write intent is adapted to that factory, this plain data source must point at the primary.
/// </summary>
internal sealed class IdempotencyDataSourceHolder : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource Get(string connectionString)
    {
        lock (_gate)
        {
            return _dataSource ??= NpgsqlDataSource.Create(connectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
