namespace Dify.HA.WorkerService;

/// <summary>Where the task queue keeps its tasks (<c>Indexer:Backend</c>).</summary>
public enum TaskBackend
{
    /// <summary>In this process only: lost when it stops. Needs nothing.</summary>
    InMemory,

    /// <summary>Redis Streams through <c>AddDifyRedis</c> (section <c>Dify:Redis</c>).</summary>
    Redis,

    /// <summary>PostgreSQL through <c>AddDifyPostgres</c> (section <c>Dify:Postgres</c>).</summary>
    Postgres,
}
