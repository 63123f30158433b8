using System.Text.RegularExpressions;

namespace Dify.HA.Data.Tasks.Postgres;

/// <summary>
/// Options of the PostgreSQL task backend, bound from <c>Dify:Tasks:Postgres</c> (<see cref="SectionName"/>). The
/// connections come from the registered <see cref="Dify.HA.Data.Postgres.PostgresRoutingDataSource"/> (always the
/// primary); these options only name the table and tune its housekeeping.
/// </summary>
public sealed partial class PostgresTaskStoreOptions
{
    /// <summary>The configuration section these options bind from by default.</summary>
    public const string SectionName = "Dify:Tasks:Postgres";

    /// <summary>
    /// Schema of the task table, a plain identifier (letters, digits, underscore; at most 63). Created if missing when
    /// <see cref="CreateTableIfMissing"/> is true. Default <c>public</c>.
    /// </summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// Name of the task table, a plain identifier (letters, digits, underscore; at most 50, because its indexes and
    /// sequence are named after it). All queues share it. Default <c>dify_tasks</c>.
    /// </summary>
    public string TableName { get; set; } = "dify_tasks";

    /// <summary>
    /// Whether the schema, table, sequence and indexes are created (<c>IF NOT EXISTS</c>, under an advisory lock) on
    /// first use. Set false when migrations own the schema (see <c>docs/tasks.md</c> for the DDL). Default true.
    /// </summary>
    public bool CreateTableIfMissing { get; set; } = true;

    /// <summary>
    /// How long a completed task's enqueue-time idempotency key is remembered, so that a repeat enqueue with that key
    /// returns the first id; from 0 (a completed task's row is deleted at once) to 30 days. Tasks without a key are
    /// always deleted when completed. Default 24 h.
    /// </summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often the rows of completed tasks whose key retention ran out are deleted (by whichever lease call comes
    /// first after the interval); 1 s to 1 h. Default 1 min.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many rows are deleted by one cleanup; 1 to 100,000. Default 1,000.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    internal string QualifiedSchema => Quote(Schema);

    internal string QualifiedTableName => $"{Quote(Schema)}.{Quote(TableName)}";

    internal void Validate(string section)
    {
        var failures = new List<string>();
        if (!Identifier().IsMatch(Schema ?? string.Empty) || Schema!.Length > 63)
        {
            failures.Add($"{section}:{nameof(Schema)} must be a plain identifier (letters, digits, underscore; at most 63), e.g. 'public'.");
        }

        if (!Identifier().IsMatch(TableName ?? string.Empty) || TableName!.Length > 50)
        {
            failures.Add($"{section}:{nameof(TableName)} must be a plain identifier (letters, digits, underscore; at most 50), e.g. 'dify_tasks'.");
        }

        if (IdempotencyKeyRetention < TimeSpan.Zero || IdempotencyKeyRetention > TimeSpan.FromDays(30))
        {
            failures.Add($"{section}:{nameof(IdempotencyKeyRetention)} must be from 00:00:00 to 30.00:00:00; set it in that range or remove it to use the default 1.00:00:00.");
        }

        if (CleanupInterval < TimeSpan.FromSeconds(1) || CleanupInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:{nameof(CleanupInterval)} must be from 00:00:01 to 01:00:00; set it in that range or remove it to use the default 00:01:00.");
        }

        if (CleanupBatchSize is < 1 or > 100_000)
        {
            failures.Add($"{section}:{nameof(CleanupBatchSize)} must be from 1 to 100000; set it in that range or remove it to use the default 1000.");
        }

        if (failures.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(section, typeof(PostgresTaskStoreOptions), failures);
        }
    }

    // Identifiers are validated to [A-Za-z0-9_] before they are quoted: they are the only text spliced into SQL.
    private static string Quote(string identifier) => "\"" + identifier + "\"";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
