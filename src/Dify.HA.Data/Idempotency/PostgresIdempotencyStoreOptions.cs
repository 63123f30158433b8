using System.Text.RegularExpressions;

namespace Dify.HA.Data.Idempotency;

/// <summary>Options of the PostgreSQL idempotency store, bound from <c>Dify:Idempotency:Postgres</c> (<see cref="SectionName"/>).</summary>
public sealed partial class PostgresIdempotencyStoreOptions
{
    /// <summary>The configuration section these options bind from by default.</summary>
    public const string SectionName = "Dify:Idempotency:Postgres";

    /// <summary>
    /// Connection string of the PRIMARY, used when no <see cref="PostgresPrimaryConnectionFactory"/> is registered.
    /// Never logged. Default null.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Schema of the table, a plain identifier (letters, digits, underscore). Default <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>Name of the table, a plain identifier (letters, digits, underscore). Default <c>dify_idempotency</c>.</summary>
    public string TableName { get; set; } = "dify_idempotency";

    /// <summary>Whether the table is created (<c>CREATE TABLE IF NOT EXISTS</c>) on first use. Default true.</summary>
    public bool CreateTableIfMissing { get; set; } = true;

    internal string QualifiedTableName => $"\"{Schema}\".\"{TableName}\"";

    internal void Validate(string section, bool hasFactory)
    {
        var failures = new List<string>();
        if (!hasFactory && string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add($"{section}:ConnectionString is empty: give the connection string of the PostgreSQL primary (or register a PostgresPrimaryConnectionFactory).");
        }

        if (!Identifier().IsMatch(Schema ?? string.Empty))
        {
            failures.Add($"{section}:Schema must be a plain identifier (letters, digits, underscore; at most 63), e.g. 'public'.");
        }

        if (!Identifier().IsMatch(TableName ?? string.Empty))
        {
            failures.Add($"{section}:TableName must be a plain identifier (letters, digits, underscore; at most 63), e.g. 'dify_idempotency'.");
        }

        if (failures.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(section, typeof(PostgresIdempotencyStoreOptions), failures);
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
