using System.Text.Json;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks.Internals;
using Dify.HA.Data.Tasks.Postgres.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Dify.HA.Data.Tasks.Postgres;

/// <summary>
/// The PostgreSQL task backend: one table (all queues), leased with <c>FOR UPDATE SKIP LOCKED</c> in priority then
/// FIFO order, on the current primary through <see cref="PostgresRoutingDataSource"/> (<see cref="DbIntent.Write"/>),
/// so a primary failover is survived: every step is re-run by the router across it when the failure came before
/// COMMIT, and a COMMIT whose outcome is unknown is resolved per step (below), never re-run blindly.
/// It is also an outbox: <see cref="EnqueueAsync(TaskEnvelope, NpgsqlConnection, CancellationToken)"/> inserts the
/// task inside the caller's own transaction, so the task exists if and only if the business write committed.
/// </summary>
/// <remarks>
/// <para>
/// When a COMMIT's outcome is unknown (the connection died while it was in flight): an enqueue is re-run, which is
/// safe because the task id (and the idempotency key, when set) are unique: if the first insert landed, the second
/// finds it and returns it as created. Renew, complete, retry, dead-letter and release only match the row while this
/// lease's token is on it, so running one again changes nothing more. A lease is not re-run: the tasks it may have
/// taken are handed out again when that lease expires (counted as a lost attempt), and the call returns none.
/// </para>
/// <para>
/// Time (due times, leases, key retention) comes from the injected <see cref="TimeProvider"/> of the calling
/// process, not from the server, so that it can be tested with a fake clock: keep the clocks of the worker hosts in
/// step (NTP); a skew eats into the lease duration.
/// </para>
/// </remarks>
public sealed class PostgresTaskStore : ITaskStore
{
    private const int MaxUnknownCommitRetries = 3;

    private readonly PostgresRoutingDataSource _db;
    private readonly PostgresTaskStoreOptions _options;
    private readonly PostgresTaskSql _sql;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskGroupCommit<TaskLease, bool> _completes;
    private volatile bool _tableReady;
    private long _nextCleanupUtcTicks;

    /// <summary>The outbox scope of <see cref="PostgresTaskQueueExtensions"/>: enqueues of this async flow go to its connection.</summary>
    internal static AsyncLocal<OutboxScope?> Ambient { get; } = new();

    /// <summary>Creates the store over a router (which it does not own or dispose).</summary>
    /// <param name="dataSource">The PostgreSQL router; every statement runs on its current primary.</param>
    /// <param name="options">Options (validated here; an invalid one throws naming its key), or null for the defaults.</param>
    /// <param name="timeProvider">The clock of due times, leases and key retention, or null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Logging, or null for none.</param>
    public PostgresTaskStore(PostgresRoutingDataSource dataSource, PostgresTaskStoreOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresTaskStoreOptions();
        options.Validate(PostgresTaskStoreOptions.SectionName);
        _db = dataSource;
        _options = options;
        _sql = new PostgresTaskSql(options);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Dify.HA.Data.Tasks.Postgres");
        _completes = new TaskGroupCommit<TaskLease, bool>(SendCompletesAsync);
    }

    /// <summary>The quoted, schema-qualified task table, e.g. <c>"public"."dify_tasks"</c>.</summary>
    public string TableName => _sql.Table;

    /// <summary>
    /// Makes sure the table exists: creates the schema, table, sequence and indexes when missing and
    /// <see cref="PostgresTaskStoreOptions.CreateTableIfMissing"/> is true (under an advisory lock, so instances starting
    /// together do not collide), else throws when it is missing. Every other method calls it on first use.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">The table is missing and may not be created.</exception>
    public async ValueTask EnsureTableAsync(CancellationToken cancellationToken = default)
    {
        if (_tableReady)
        {
            return;
        }

        for (var unknown = 0; ; unknown++)
        {
            try
            {
                var created = await _db.ExecuteAsync(DbIntent.Write, EnsureTableCoreAsync, idempotent: true, cancellationToken).ConfigureAwait(false);
                if (created)
                {
                    PostgresTaskLog.TableEnsured(_logger, _sql.Table);
                }

                _tableReady = true;
                return;
            }
            catch (PostgresCommitOutcomeUnknownException ex) when (unknown < MaxUnknownCommitRetries)
            {
                PostgresTaskLog.ResolvingUnknownCommit(_logger, "create table", _sql.Table, "the DDL is IF NOT EXISTS", ex);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, CancellationToken cancellationToken)
    {
        if (Ambient.Value is { Used: false } scope)
        {
            scope.Used = true;
            return await EnqueueAsync(task, scope.Connection, cancellationToken).ConfigureAwait(false);
        }

        CheckEnvelope(task);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        for (var unknown = 0; ; unknown++)
        {
            try
            {
                var result = await _db.ExecuteAsync(
                    DbIntent.Write,
                    (ctx, ct) => EnqueueCoreAsync(ctx.Connection, task, ct),
                    idempotent: true,
                    cancellationToken).ConfigureAwait(false);

                // After an unknown COMMIT, finding this very task means the earlier attempt landed: this call created it.
                return unknown > 0 && string.Equals(result.TaskId, task.Id, StringComparison.Ordinal) ? result with { Created = true } : result;
            }
            catch (PostgresCommitOutcomeUnknownException ex) when (unknown < MaxUnknownCommitRetries)
            {
                PostgresTaskLog.ResolvingUnknownCommit(_logger, "enqueue", task.Id, "the task id is unique: if the first insert landed, the second finds it", ex);
            }
        }
    }

    /// <summary>
    /// The outbox: stores <paramref name="task"/> on <paramref name="connection"/>, inside whatever transaction is open on
    /// it (the caller's business transaction), so the task exists if and only if that transaction commits; nothing is
    /// committed or retried here. The connection must be on the primary (e.g. from
    /// <c>OpenConnectionAsync(DbIntent.Write)</c>, or the <see cref="PostgresWorkContext.Connection"/> of a write unit of
    /// <see cref="PostgresRoutingDataSource.ExecuteAsync(DbIntent, Func{PostgresWorkContext, CancellationToken, Task}, bool, CancellationToken)"/>).
    /// The idempotency key works as in <see cref="EnqueueAsync(TaskEnvelope, CancellationToken)"/>.
    /// </summary>
    /// <param name="task">The task to store.</param>
    /// <param name="connection">An open connection to the primary, usually inside a transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the stored (or first) task and whether this call created it.</returns>
    /// <remarks>
    /// If the caller's COMMIT then fails with an unknown outcome, whether the task exists is whether the business
    /// write exists: re-running the whole unit is safe when it is idempotent (the same task id or idempotency key makes
    /// the enqueue so). The table is created, if missing, on a connection of its own before the insert.
    /// </remarks>
    public async ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        CheckEnvelope(task);
        ArgumentNullException.ThrowIfNull(connection);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await EnqueueCoreAsync(connection, task, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The outbox: stores <paramref name="task"/> inside <paramref name="transaction"/> (the caller's business
    /// transaction on the primary), so the task exists if and only if it commits. See
    /// <see cref="EnqueueAsync(TaskEnvelope, NpgsqlConnection, CancellationToken)"/>.
    /// </summary>
    /// <param name="task">The task to store.</param>
    /// <param name="transaction">The caller's open transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the stored (or first) task and whether this call created it.</returns>
    /// <exception cref="InvalidOperationException">The transaction has already completed.</exception>
    public ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection
            ?? throw new InvalidOperationException("The transaction has already committed or rolled back: enqueue inside an open transaction.");
        return EnqueueAsync(task, connection, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await CleanupIfDueAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Safe to re-run before COMMIT (a failed attempt leased nothing); a new token per attempt all the same.
            return await _db.ExecuteAsync(
                DbIntent.Write,
                (ctx, ct) => LeaseCoreAsync(ctx.Connection, queue, consumerId, maxCount, leaseDuration, ct),
                idempotent: true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresCommitOutcomeUnknownException ex)
        {
            PostgresTaskLog.LeaseOutcomeUnknown(_logger, queue, leaseDuration, ex);
            return [];
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(TaskLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var rows = await RunLeasedAsync("renew", lease, _sql.Renew, (p, now) => p.Add(Time(now + leaseDuration)), cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Acknowledgements are group-committed: one that finds none in flight goes at once; those that arrive meanwhile
    /// (other slots, other queues, the prefetched tasks of a worker that does not wait for each ack) go together in
    /// one transaction when it returns. Each row is still matched only while its own lease token is on it.
    /// </remarks>
    public async ValueTask CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Guid.TryParseExact(lease.LeaseToken, "N", out _))
        {
            return; // not a token this backend handed out: never this store's lease
        }

        // Not cancelled once queued: an acknowledgement is short, and a half-cancelled batch would help nobody.
        await _completes.SubmitAsync(lease).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RetryAsync(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError attemptError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(attemptError);
        var error = ErrorJson(attemptError);
        await RunLeasedAsync(
            "retry",
            lease,
            _sql.Retry,
            (p, _) =>
            {
                p.Add(Json(error));
                p.Add(Time(notBefore));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError attemptError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(attemptError);
        var error = ErrorJson(attemptError);
        await RunLeasedAsync(
            "dead-letter",
            lease,
            _sql.DeadLetter,
            (p, now) =>
            {
                p.Add(Json(error));
                p.Add(Time(now));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await RunLeasedAsync("release", lease, _sql.Release, static (p, now) => p.Add(Time(now)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await _db.ExecuteAsync(
            DbIntent.ReadPrimary,
            async (ctx, ct) =>
            {
                using var command = new NpgsqlCommand(_sql.ListDead, ctx.Connection);
                command.Parameters.Add(Text(queue));
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var list = new List<DeadLetteredTask>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new DeadLetteredTask
                        {
                            Task = ReadEnvelope(reader),
                            Errors = ReadErrors(reader.GetString(11)),
                            DeadLetteredAt = reader.GetFieldValue<DateTimeOffset>(12),
                        });
                    }

                    return (IReadOnlyList<DeadLetteredTask>)list;
                }
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _db.ExecuteAsync(
                DbIntent.Write,
                async (ctx, ct) =>
                {
                    using var command = new NpgsqlCommand(_sql.Redrive, ctx.Connection);
                    command.Parameters.Add(Text(queue));
                    command.Parameters.Add(Text(taskId));
                    command.Parameters.Add(Time(_time.GetUtcNow()));
                    return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
                },
                idempotent: true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresCommitOutcomeUnknownException ex)
        {
            // Re-running would answer false if the first landed: look instead. Pending now means it was re-driven.
            PostgresTaskLog.ResolvingUnknownCommit(_logger, "redrive", taskId, "reading the task's state instead", ex);
            return await _db.ExecuteAsync(
                DbIntent.ReadPrimary,
                async (ctx, ct) =>
                {
                    using var command = new NpgsqlCommand(_sql.StateOf, ctx.Connection);
                    command.Parameters.Add(Text(queue));
                    command.Parameters.Add(Text(taskId));
                    return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is short state && state == 0;
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await _db.ExecuteAsync(
            DbIntent.ReadPrimary,
            async (ctx, ct) =>
            {
                var now = _time.GetUtcNow();
                using var command = new NpgsqlCommand(_sql.Stats, ctx.Connection);
                command.Parameters.Add(Text(queue));
                command.Parameters.Add(Time(now));
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(ct).ConfigureAwait(false);
                    TimeSpan? oldest = reader.IsDBNull(3) ? null : now - reader.GetFieldValue<DateTimeOffset>(3);
                    return new TaskQueueStats
                    {
                        Depth = reader.GetInt64(0),
                        Leased = reader.GetInt64(1),
                        Delayed = reader.GetInt64(2),
                        OldestReadyAge = oldest is { } age && age < TimeSpan.Zero ? TimeSpan.Zero : oldest,
                        DeadLettered = reader.GetInt64(4),
                    };
                }
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> EnsureTableCoreAsync(PostgresWorkContext ctx, CancellationToken cancellationToken)
    {
        using (var exists = new NpgsqlCommand(_sql.Exists, ctx.Connection))
        {
            exists.Parameters.Add(Text(_sql.QualifiedNameForRegclass));
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return false;
            }
        }

        if (!_options.CreateTableIfMissing)
        {
            throw new InvalidOperationException(
                $"The task table {_sql.Table} does not exist and {PostgresTaskStoreOptions.SectionName}:{nameof(PostgresTaskStoreOptions.CreateTableIfMissing)} is false: " +
                "create it (docs/tasks.md has the DDL) or set that option to true.");
        }

        using var create = new NpgsqlCommand(_sql.Create, ctx.Connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<TaskEnqueueResult> EnqueueCoreAsync(NpgsqlConnection connection, TaskEnvelope task, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        for (var round = 0; ; round++)
        {
            using (var insert = new NpgsqlCommand(_sql.Insert, connection))
            {
                var p = insert.Parameters;
                p.Add(Text(task.Id));
                p.Add(Text(task.Queue));
                p.Add(new NpgsqlParameter<int> { TypedValue = task.Priority });
                p.Add(Time(task.NotBefore is { } notBefore && notBefore > now ? notBefore : now));
                p.Add(new NpgsqlParameter<int> { TypedValue = task.MaxAttempts });
                p.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = task.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
                p.Add(Time(task.EnqueuedAt == default ? now : task.EnqueuedAt));
                p.Add(Nullable(task.NotBefore?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
                p.Add(Nullable(task.Timeout, NpgsqlDbType.Interval));
                p.Add(Nullable(task.IdempotencyKey, NpgsqlDbType.Text));
                p.Add(Nullable(task.TraceParent, NpgsqlDbType.Text));
                if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    return new TaskEnqueueResult(task.Id, Created: true);
                }
            }

            // A conflict: the key is taken (pending, leased, dead or remembered after done), or this very id exists.
            var (existingId, forgotten) = task.IdempotencyKey is { } key
                ? await FindAsync(connection, _sql.FindByKey, cancellationToken, Text(task.Queue), Text(key), Time(now)).ConfigureAwait(false)
                : default;
            if (existingId is null)
            {
                (existingId, _) = await FindAsync(connection, _sql.FindById, cancellationToken, Text(task.Id)).ConfigureAwait(false);
            }

            if (existingId is not null && !forgotten)
            {
                return new TaskEnqueueResult(existingId, Created: false);
            }

            if (round >= 3)
            {
                // The conflicting row is invisible to this transaction (REPEATABLE READ or SERIALIZABLE snapshot older
                // than the conflicting commit), or keeps being forgotten and re-created: do not spin.
                throw new InvalidOperationException(
                    $"Enqueue of task {task.Id} conflicted with a row this transaction cannot see; enqueue in a READ COMMITTED transaction.");
            }

            if (forgotten)
            {
                // The task holding the key completed and its retention ran out: forget it, then insert again.
                using var forget = new NpgsqlCommand(_sql.ForgetKey, connection);
                forget.Parameters.Add(Text(task.Queue));
                forget.Parameters.Add(Text(task.IdempotencyKey!));
                forget.Parameters.Add(Time(now));
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(string? Id, bool Forgotten)> FindAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetString(0), reader.GetBoolean(1)) : (null, false);
        }
    }

    private async Task<IReadOnlyList<TaskLease>> LeaseCoreAsync(NpgsqlConnection connection, string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var until = now + leaseDuration;
        var token = Guid.NewGuid();
        var tokenText = token.ToString("N");
        using var command = new NpgsqlCommand(_sql.Lease, connection);
        var p = command.Parameters;
        p.Add(Text(queue));
        p.Add(Time(now));
        p.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = token });
        p.Add(Text(consumerId));
        p.Add(Time(until));
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false); // once per physical connection
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            List<(TaskLease Lease, long Position)>? rows = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var lease = new TaskLease
                {
                    Task = ReadEnvelope(reader),
                    Attempt = reader.GetInt32(10),
                    ConsumerId = consumerId,
                    LeaseToken = tokenText,
                    LeasedUntil = until,
                    PreviousErrors = ReadErrors(reader.GetString(11)),
                };
                (rows ??= new List<(TaskLease, long)>(Math.Min(maxCount, 64))).Add((lease, reader.GetInt64(12)));
            }

            if (rows is null)
            {
                return [];
            }

            // UPDATE ... RETURNING has no order: hand them out as they were picked (priority, then FIFO).
            rows.Sort(static (a, b) =>
            {
                var byPriority = b.Lease.Task.Priority.CompareTo(a.Lease.Task.Priority);
                return byPriority != 0 ? byPriority : a.Position.CompareTo(b.Position);
            });
            var leases = new TaskLease[rows.Count];
            for (var i = 0; i < leases.Length; i++)
            {
                leases[i] = rows[i].Lease;
            }

            return leases;
        }
    }

    /// <summary>
    /// Runs one statement that matches the task only while <paramref name="lease"/>'s token is on it ($1 id, $2 token,
    /// then what <paramref name="bind"/> adds, given "now"), and returns the rows it changed (0 when the lease was lost).
    /// </summary>
    private async Task<int> RunLeasedAsync(string operation, TaskLease lease, string sql, Action<NpgsqlParameterCollection, DateTimeOffset> bind, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(lease.LeaseToken, "N", out var token))
        {
            return 0; // not a token this backend handed out: never this store's lease
        }

        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        for (var unknown = 0; ; unknown++)
        {
            try
            {
                return await _db.ExecuteAsync(
                    DbIntent.Write,
                    async (ctx, ct) =>
                    {
                        using var command = new NpgsqlCommand(sql, ctx.Connection);
                        command.Parameters.Add(Text(lease.Task.Id));
                        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = token });
                        bind(command.Parameters, _time.GetUtcNow());
                        await command.PrepareAsync(ct).ConfigureAwait(false); // once per physical connection
                        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    },
                    idempotent: true,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresCommitOutcomeUnknownException ex) when (unknown < MaxUnknownCommitRetries)
            {
                PostgresTaskLog.ResolvingUnknownCommit(_logger, operation, lease.Task.Id, "it only matches while this lease holds, so a second run changes nothing more", ex);
            }
        }
    }

    /// <summary>
    /// Acknowledges a batch of leases in one transaction (one round trip for the statements, one COMMIT): rows without
    /// an idempotency key are deleted (a queue table stays small and hot), rows with one are kept as done until the
    /// key's retention runs out. Re-run after an unknown COMMIT: every row matches only while its lease holds.
    /// </summary>
    private async Task<bool[]> SendCompletesAsync(List<TaskLease> leases)
    {
        await EnsureTableAsync(CancellationToken.None).ConfigureAwait(false);
        var keep = _options.IdempotencyKeyRetention > TimeSpan.Zero;
        List<string>? deleteIds = null, keepIds = null;
        List<Guid>? deleteTokens = null, keepTokens = null;
        foreach (var lease in leases)
        {
            var token = Guid.ParseExact(lease.LeaseToken, "N");
            if (keep && lease.Task.IdempotencyKey is not null)
            {
                (keepIds ??= []).Add(lease.Task.Id);
                (keepTokens ??= []).Add(token);
            }
            else
            {
                (deleteIds ??= new List<string>(leases.Count)).Add(lease.Task.Id);
                (deleteTokens ??= new List<Guid>(leases.Count)).Add(token);
            }
        }

        for (var unknown = 0; ; unknown++)
        {
            try
            {
                await _db.ExecuteAsync(
                    DbIntent.Write,
                    async (ctx, ct) =>
                    {
                        var batch = new NpgsqlBatch(ctx.Connection);
                        await using (batch.ConfigureAwait(false))
                        {
                            if (deleteIds is not null)
                            {
                                var delete = new NpgsqlBatchCommand(_sql.DeleteMany);
                                delete.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. deleteIds] });
                                delete.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. deleteTokens!] });
                                batch.BatchCommands.Add(delete);
                            }

                            if (keepIds is not null)
                            {
                                var now = _time.GetUtcNow();
                                var update = new NpgsqlBatchCommand(_sql.CompleteManyKeepKey);
                                update.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keepIds] });
                                update.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. keepTokens!] });
                                update.Parameters.Add(Time(now));
                                update.Parameters.Add(Time(now + _options.IdempotencyKeyRetention));
                                batch.BatchCommands.Add(update);
                            }

                            // Prepared once per physical connection (Npgsql keeps it across pool rentals): the server
                            // then skips parsing and planning on every batch.
                            await batch.PrepareAsync(ct).ConfigureAwait(false);
                            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        }
                    },
                    idempotent: true,
                    CancellationToken.None).ConfigureAwait(false);
                return new bool[leases.Count];
            }
            catch (PostgresCommitOutcomeUnknownException ex) when (unknown < MaxUnknownCommitRetries)
            {
                PostgresTaskLog.ResolvingUnknownCommit(_logger, "complete", leases[0].Task.Id, "every row only matches while its lease holds, so a second run changes nothing more", ex);
            }
        }
    }

    private async ValueTask CleanupIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = Interlocked.Read(ref _nextCleanupUtcTicks);
        if (now.UtcTicks < due ||
            Interlocked.CompareExchange(ref _nextCleanupUtcTicks, (now + _options.CleanupInterval).UtcTicks, due) != due)
        {
            return; // not yet, or another caller is on it
        }

        try
        {
            var deleted = await _db.ExecuteAsync(
                DbIntent.Write,
                async (ctx, ct) =>
                {
                    using var command = new NpgsqlCommand(_sql.Cleanup, ctx.Connection);
                    command.Parameters.Add(Time(now));
                    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.CleanupBatchSize });
                    return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                },
                idempotent: true,
                cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
            {
                PostgresTaskLog.CleanedUp(_logger, deleted, _sql.Table);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgresPrimaryUnavailableException or PostgresCommitOutcomeUnknownException)
        {
            // Housekeeping must not fail a lease: the rows wait for the next interval.
            PostgresTaskLog.CleanupFailed(_logger, _sql.Table, ex);
        }
    }

    private static TaskEnvelope ReadEnvelope(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Queue = reader.GetString(1),
        Priority = reader.GetInt32(2),
        Payload = reader.GetFieldValue<byte[]>(3),
        EnqueuedAt = reader.GetFieldValue<DateTimeOffset>(4),
        NotBefore = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        MaxAttempts = reader.GetInt32(6),
        Timeout = reader.IsDBNull(7) ? null : reader.GetFieldValue<TimeSpan>(7),
        IdempotencyKey = reader.IsDBNull(8) ? null : reader.GetString(8),
        TraceParent = reader.IsDBNull(9) ? null : reader.GetString(9),
    };

    private static TaskAttemptError[] ReadErrors(string json) =>
        json is "[]" ? [] : JsonSerializer.Deserialize(json, PostgresTaskJsonContext.Default.TaskAttemptErrorArray) ?? [];

    private static string ErrorJson(TaskAttemptError error) =>
        JsonSerializer.Serialize([error], PostgresTaskJsonContext.Default.TaskAttemptErrorArray);

    private static void CheckEnvelope(TaskEnvelope task)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(task.Id, nameof(task));
        ArgumentException.ThrowIfNullOrEmpty(task.Queue, nameof(task));
        ArgumentOutOfRangeException.ThrowIfLessThan(task.MaxAttempts, 1, nameof(task));
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<string> Json(string value) => new NpgsqlParameter<string> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    // Npgsql writes timestamptz only from UTC values.
    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime() };

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    /// <summary>An enqueue of <see cref="PostgresTaskQueueExtensions"/> waiting to run on the caller's connection.</summary>
    internal sealed class OutboxScope(NpgsqlConnection connection)
    {
        public NpgsqlConnection Connection { get; } = connection;

        public bool Used { get; set; }
    }
}
