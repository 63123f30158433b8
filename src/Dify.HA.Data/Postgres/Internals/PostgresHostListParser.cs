using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Reads the host list out of an Npgsql connection string (<c>Host=a:5432,b,[::1]:5433</c>).</summary>
internal static class PostgresHostListParser
{
    /// <summary>
    /// Parses the hosts; on failure <paramref name="error"/> says what is wrong without echoing the connection string
    /// (it may hold a password).
    /// </summary>
    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out IReadOnlyList<PostgresEndpoint>? hosts, [NotNullWhen(false)] out string? error)
    {
        hosts = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "is empty";
            return false;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // Only the keyword's name (ParamName) is shown: Npgsql's message or inner error could quote a value.
            error = ex.InnerException is KeyNotFoundException
                ? $"has an unknown keyword '{ex.ParamName}' (see Npgsql's connection string parameters)"
                : ex.ParamName is { Length: > 0 } key
                    ? $"has a malformed value for '{key}'"
                    : "is not a valid Npgsql connection string (expected 'Key=value;' pairs)";
            return false;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            error = "has no Host: list every node, e.g. 'Host=pg-a:5432,pg-b:5432'";
            return false;
        }

        var defaultPort = builder.Port;
        var list = new List<PostgresEndpoint>();
        foreach (var raw in builder.Host.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryParseOne(raw, defaultPort, out var endpoint))
            {
                error = $"has a host that is not 'host' or 'host:port' with a port from 1 to 65535: '{raw}'";
                return false;
            }

            if (list.Contains(endpoint))
            {
                error = $"lists the host '{endpoint.Name}' twice";
                return false;
            }

            list.Add(endpoint);
        }

        hosts = list;
        error = null;
        return true;
    }

    private static bool TryParseOne(string raw, int defaultPort, [NotNullWhen(true)] out PostgresEndpoint? endpoint)
    {
        endpoint = null;
        if (raw.Length == 0 || raw.StartsWith('/'))
        {
            return false; // empty, or a Unix socket folder: routing needs TCP hosts it can name
        }

        string host;
        var port = defaultPort;
        if (raw[0] == '[')
        {
            var close = raw.IndexOf(']', StringComparison.Ordinal);
            if (close < 2) return false;
            host = raw[1..close];
            var rest = raw[(close + 1)..];
            if (rest.Length > 0 && (rest[0] != ':' || !TryPort(rest[1..], out port))) return false;
        }
        else
        {
            var colon = raw.LastIndexOf(':');
            if (colon >= 0 && raw.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                host = raw[..colon];
                if (!TryPort(raw[(colon + 1)..], out port)) return false;
            }
            else
            {
                host = raw; // no port, or a bare IPv6 address
            }
        }

        if (host.Length == 0 || port is < 1 or > 65535) return false;
        endpoint = new PostgresEndpoint(host, port);
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
