namespace Dify.HA.Data.Tasks.Postgres.Internals;

/// <summary>
/// The SQL of <see cref="PostgresTaskStore"/>, built once from the validated table name (the only text spliced in;
/// every value is a positional parameter, which also spares Npgsql rewriting named ones on every call).
/// </summary>
/// <remarks>
/// One row per task. <c>state</c>: 0 pending (ready, delayed or leased), 1 done (kept only to remember its
/// idempotency key until <c>forget_at</c>), 2 dead-lettered. A pending row is leased while <c>lease_token</c> is set;
/// <c>visible_at</c> is its due time, or while leased its lease expiry, so "due" and "lease expired" are the same test
/// (<c>visible_at &lt;= now</c>) and one partial index serves the lease query. <c>position</c> is the FIFO order
/// within a priority, drawn from a sequence (a retried or re-driven task draws a new one and goes to the back; a
/// released one keeps its place).
/// </remarks>
internal sealed class PostgresTaskSql
{
    /// <summary>Columns read back into a <see cref="TaskEnvelope"/>, in the order <see cref="PostgresTaskStore"/> reads them.</summary>
    private const string EnvelopeColumns =
        "id, queue, priority, payload, enqueued_at, not_before, max_attempts, attempt_timeout, idempotency_key, trace_parent";

    public PostgresTaskSql(PostgresTaskStoreOptions options)
    {
        var t = options.QualifiedTableName;
        var schema = options.QualifiedSchema;
        var name = options.TableName;
        var sequence = $"{schema}.\"{name}_position\"";
        Table = t;

        Exists = "SELECT to_regclass($1) IS NOT NULL";
        QualifiedNameForRegclass = $"{options.QualifiedSchema}.\"{name}\"";
        Create = $"""
            SELECT pg_advisory_xact_lock(hashtext({Literal(t)}));
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE SEQUENCE IF NOT EXISTS {sequence};
            CREATE TABLE IF NOT EXISTS {t} (
              id text PRIMARY KEY,
              queue text NOT NULL,
              state smallint NOT NULL DEFAULT 0,
              priority integer NOT NULL DEFAULT 0,
              position bigint NOT NULL DEFAULT nextval('{sequence}'),
              visible_at timestamptz NOT NULL,
              lease_token uuid,
              consumer_id text,
              attempt integer NOT NULL DEFAULT 1,
              max_attempts integer NOT NULL,
              payload bytea NOT NULL,
              enqueued_at timestamptz NOT NULL,
              not_before timestamptz,
              attempt_timeout interval,
              idempotency_key text,
              trace_parent text,
              errors jsonb NOT NULL DEFAULT '[]',
              finished_at timestamptz,
              forget_at timestamptz);
            ALTER SEQUENCE {sequence} OWNED BY {t}.position;
            CREATE INDEX IF NOT EXISTS "{name}_ready" ON {t} (queue, priority DESC, position) WHERE state = 0;
            CREATE UNIQUE INDEX IF NOT EXISTS "{name}_key" ON {t} (queue, idempotency_key) WHERE idempotency_key IS NOT NULL;
            CREATE INDEX IF NOT EXISTS "{name}_dead" ON {t} (queue, finished_at, position) WHERE state = 2;
            CREATE INDEX IF NOT EXISTS "{name}_forget" ON {t} (forget_at) WHERE state = 1;
            """;

        // $1 id, $2 queue, $3 priority, $4 visible_at, $5 max_attempts, $6 payload, $7 enqueued_at, $8 not_before,
        // $9 attempt_timeout, $10 idempotency_key, $11 trace_parent. DO NOTHING without a target covers both the
        // primary key (the same task id again: a retry of this very enqueue) and the per-queue idempotency key.
        Insert = $"""
            INSERT INTO {t} (id, queue, priority, visible_at, max_attempts, payload, enqueued_at, not_before, attempt_timeout, idempotency_key, trace_parent)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT DO NOTHING
            RETURNING 1
            """;

        // $1 queue, $2 key, $3 now: the task holding the key, and whether its retention ran out (then it is forgotten).
        FindByKey = $"SELECT id, state = 1 AND forget_at <= $3 FROM {t} WHERE queue = $1 AND idempotency_key = $2";

        // $1 id
        FindById = $"SELECT id, false FROM {t} WHERE id = $1";

        // $1 queue, $2 key, $3 now
        ForgetKey = $"DELETE FROM {t} WHERE queue = $1 AND idempotency_key = $2 AND state = 1 AND forget_at <= $3";

        // $1 queue, $2 now, $3 max, $4 lease token, $5 consumer, $6 leased until. A row picked with its lease_token
        // still set is an expired lease: its consumer died or stalled, so the lost attempt is counted and recorded.
        // SET expressions see the row as it was, so the error names the previous consumer and attempt.
        Lease = $"""
            WITH picked AS (
              SELECT id FROM {t}
              WHERE queue = $1 AND state = 0 AND visible_at <= $2
              ORDER BY priority DESC, position
              LIMIT $3
              FOR UPDATE SKIP LOCKED)
            UPDATE {t} AS t SET
              attempt = CASE WHEN t.lease_token IS NULL THEN t.attempt ELSE t.attempt + 1 END,
              errors = CASE WHEN t.lease_token IS NULL THEN t.errors ELSE t.errors || jsonb_build_array(jsonb_build_object(
                'attempt', t.attempt, 'at', $2::timestamptz, 'type', '{TaskErrorTypes.LeaseExpired}',
                'message', 'The lease of consumer ''' || coalesce(t.consumer_id, '') || ''' expired before the task was acknowledged.',
                'permanent', false)) END,
              lease_token = $4,
              consumer_id = $5,
              visible_at = $6
            FROM picked
            WHERE t.id = picked.id
            RETURNING {Prefixed("t.", EnvelopeColumns)}, t.attempt, t.errors::text, t.position
            """;

        // $1 id, $2 lease token, then per statement.
        const string Leased = "id = $1 AND lease_token = $2 AND state = 0";
        Renew = $"UPDATE {t} SET visible_at = $3 WHERE {Leased}";

        // Batched acknowledgements (the store's group commit): $1 ids, $2 their lease tokens (pairwise), each row
        // matched only while that lease holds, exactly like the single-row statements; then per statement. Completing
        // deletes a row without an idempotency key (a queue table stays small and hot) and keeps one with a key, as
        // done, until $4 (forget_at) so the key is remembered.
        const string LeasedPairs = "t.id = a.id AND t.lease_token = a.token AND t.state = 0";
        DeleteMany = $"DELETE FROM {t} AS t USING unnest($1::text[], $2::uuid[]) AS a(id, token) WHERE {LeasedPairs}";
        CompleteManyKeepKey = $"""
            UPDATE {t} AS t SET state = 1, lease_token = NULL, consumer_id = NULL, payload = '\x'::bytea, errors = '[]',
              finished_at = $3, forget_at = $4
            FROM unnest($1::text[], $2::uuid[]) AS a(id, token)
            WHERE {LeasedPairs}
            """;
        Retry = $"""
            UPDATE {t} SET lease_token = NULL, consumer_id = NULL, attempt = attempt + 1, errors = errors || $3::jsonb,
              position = nextval('{sequence}'), visible_at = $4
            WHERE {Leased}
            """;
        DeadLetter = $"UPDATE {t} SET state = 2, lease_token = NULL, errors = errors || $3::jsonb, finished_at = $4 WHERE {Leased}";
        Release = $"UPDATE {t} SET lease_token = NULL, consumer_id = NULL, visible_at = $3 WHERE {Leased}";

        // $1 queue, $2 limit
        ListDead = $"""
            SELECT {EnvelopeColumns}, attempt, errors::text, finished_at
            FROM {t} WHERE queue = $1 AND state = 2
            ORDER BY finished_at, position
            LIMIT $2
            """;

        // $1 queue, $2 id, $3 now
        Redrive = $"""
            UPDATE {t} SET state = 0, attempt = 1, errors = '[]', position = nextval('{sequence}'), visible_at = $3,
              finished_at = NULL, consumer_id = NULL, lease_token = NULL
            WHERE queue = $1 AND id = $2 AND state = 2
            """;

        // $1 queue, $2 id
        StateOf = $"SELECT state FROM {t} WHERE queue = $1 AND id = $2";

        // $1 queue, $2 now. A lease that expired counts as ready (it is handed out again by the next lease).
        Stats = $"""
            SELECT count(*) FILTER (WHERE state = 0),
                   count(*) FILTER (WHERE state = 0 AND lease_token IS NOT NULL AND visible_at > $2),
                   count(*) FILTER (WHERE state = 0 AND lease_token IS NULL AND visible_at > $2),
                   min(visible_at) FILTER (WHERE state = 0 AND visible_at <= $2),
                   count(*) FILTER (WHERE state = 2)
            FROM {t} WHERE queue = $1 AND state IN (0, 2)
            """;

        // $1 now, $2 batch size
        Cleanup = $"""
            DELETE FROM {t} WHERE id IN (
              SELECT id FROM {t} WHERE state = 1 AND forget_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
            """;
    }

    public string Table { get; }

    public string QualifiedNameForRegclass { get; }

    public string Exists { get; }

    public string Create { get; }

    public string Insert { get; }

    public string FindByKey { get; }

    public string FindById { get; }

    public string ForgetKey { get; }

    public string Lease { get; }

    public string Renew { get; }

    public string DeleteMany { get; }

    public string CompleteManyKeepKey { get; }

    public string Retry { get; }

    public string DeadLetter { get; }

    public string Release { get; }

    public string ListDead { get; }

    public string Redrive { get; }

    public string StateOf { get; }

    public string Stats { get; }

    public string Cleanup { get; }

    private static string Prefixed(string prefix, string columns) =>
        string.Join(", ", columns.Split(", ").Select(c => prefix + c));

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
