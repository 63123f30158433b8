using Npgsql;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Makes a connection string safe to show: the password (and any pass file) replaced by <c>***</c>.</summary>
internal static class ConnectionStringRedactor
{
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) return string.Empty;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Password is not null) builder.Password = "***";
            if (builder.Passfile is not null) builder.Passfile = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Unparsable: nothing of it can be shown safely.
            return "(unparsable connection string)";
        }
    }
}
