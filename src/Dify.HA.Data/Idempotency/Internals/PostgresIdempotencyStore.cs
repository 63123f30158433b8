using System.Diagnostics.Metrics;
using Dify.HA.Data.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace Dify.HA.Data.Idempotency.Internals;

/// <summary>
/// The PostgreSQL backend: one row per key in a table created on first use, written on the PRIMARY. Begin is one
/// <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c> (a new row, or taking over an expired one, or this owner's own
/// row again), so concurrent callers serialise on the row and exactly one gets Started. Expiry uses the server's clock
/// (<c>clock_timestamp()</c>), so instances with skewed clocks agree.
/// </summary>
internal sealed class PostgresIdempotencyStore : IIdempotencyStore
{
    private const string Backend = "postgres";

    private readonly PostgresPrimaryConnectionFactory _openPrimary;
    private readonly PostgresIdempotencyStoreOptions _options;
    private readonly Counter<long> _begins;
    private readonly string _beginSql;
    private readonly string _readSql;
    private readonly string _completeSql;
    private readonly string _abandonSql;
    private readonly string _createSql;
    private volatile bool _tableReady;

    public PostgresIdempotencyStore(PostgresPrimaryConnectionFactory openPrimary, PostgresIdempotencyStoreOptions options, IMeterFactory? meterFactory = null, string section = PostgresIdempotencyStoreOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(openPrimary);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(section, hasFactory: true);
        _openPrimary = openPrimary;
        _options = options;
        _begins = RedisMetrics.CreateIdempotencyCounter(meterFactory);
        _tableReady = !options.CreateTableIfMissing;

        // The table name is a validated identifier, quoted: it is the only text spliced into SQL.
        var t = options.QualifiedTableName;
        _createSql = $"""
            CREATE TABLE IF NOT EXISTS {t} (
              key text PRIMARY KEY,
              owner text NOT NULL,
              state smallint NOT NULL,
              result bytea,
              expires_at timestamptz NOT NULL)
            """;
        _beginSql = $"""
            INSERT INTO {t} AS t (key, owner, state, result, expires_at)
            VALUES (@key, @owner, 0, NULL, clock_timestamp() + @lease)
            ON CONFLICT (key) DO UPDATE
              SET owner = EXCLUDED.owner, state = 0, result = NULL, expires_at = EXCLUDED.expires_at
              WHERE t.expires_at <= clock_timestamp() OR (t.state = 0 AND t.owner = EXCLUDED.owner)
            RETURNING 1
            """;
        _readSql = $"""
            SELECT state, result, EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000
            FROM {t} WHERE key = @key AND expires_at > clock_timestamp()
            """;
        _completeSql = $"""
            UPDATE {t} SET state = 1, result = @result, expires_at = clock_timestamp() + @ttl
            WHERE key = @key AND owner = @owner AND (state = 1 OR expires_at > clock_timestamp())
            """;
        _abandonSql = $"DELETE FROM {t} WHERE key = @key AND owner = @owner AND state = 0";
    }

    public async ValueTask<IdempotencyBeginResult> TryBeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        IdempotencyKeys.Check(key);
        IdempotencyKeys.CheckPositive(lease, nameof(lease));
        var owner = IdempotencyKeys.NewOwnerToken();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A row that expires or is abandoned between the INSERT and the SELECT sends us round again.
            while (true)
            {
                using (var begin = new NpgsqlCommand(_beginSql, connection))
                {
                    begin.Parameters.Add(new NpgsqlParameter<string>("key", key));
                    begin.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
                    begin.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = lease });
                    if (await begin.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                    {
                        return Count(IdempotencyBeginResult.Started(new IdempotencyLease(key, owner)));
                    }
                }

                using var read = new NpgsqlCommand(_readSql, connection);
                read.Parameters.Add(new NpgsqlParameter<string>("key", key));
                var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) continue;
                    if (reader.GetInt16(0) == 1)
                    {
                        var result = reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1);
                        return Count(IdempotencyBeginResult.Completed(result));
                    }

                    var remainingMs = reader.IsDBNull(2) ? (double?)null : Convert.ToDouble(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
                    return Count(IdempotencyBeginResult.InProgress(remainingMs is { } ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null));
                }
            }
        }
    }

    public async ValueTask<bool> CompleteAsync(IdempotencyLease lease, ReadOnlyMemory<byte> result, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        IdempotencyKeys.Check(lease);
        IdempotencyKeys.CheckPositive(ttl, nameof(ttl));
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(_completeSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("key", lease.Key));
            command.Parameters.Add(new NpgsqlParameter<string>("owner", lease.OwnerToken));
            command.Parameters.Add(new NpgsqlParameter<byte[]>("result", NpgsqlDbType.Bytea) { TypedValue = result.ToArray() });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("ttl", NpgsqlDbType.Interval) { TypedValue = ttl });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async ValueTask<bool> AbandonAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        IdempotencyKeys.Check(lease);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(_abandonSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("key", lease.Key));
            command.Parameters.Add(new NpgsqlParameter<string>("owner", lease.OwnerToken));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private IdempotencyBeginResult Count(IdempotencyBeginResult result)
    {
        RedisMetrics.IdempotencyBegin(_begins, Backend, RedisIdempotencyStore.Outcome(result.Status));
        return result;
    }

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _openPrimary(cancellationToken).ConfigureAwait(false);
        if (_tableReady) return connection;
        try
        {
            await EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EnsureTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // No gate: concurrent first calls may all run the DDL; IF NOT EXISTS plus the catch below make that harmless.
        using var command = new NpgsqlCommand(_createSql, connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another caller created it at the same moment (IF NOT EXISTS is not race-free in the catalog).
        }

        _tableReady = true;
    }
}
