using System.Globalization;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>One host of the connection string: what the router probes and routes to.</summary>
internal sealed record PostgresEndpoint(string Host, int Port)
{
    /// <summary><c>host:port</c> (IPv6 hosts in brackets): the only way a host is named in logs, metrics and exceptions.</summary>
    public string Name { get; } = (Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Name;
}
