namespace Dify.HA.Data.Tests.Lab;

/// <summary>Both PostgreSQL nodes as <c>eng/lab/pg-status</c> reports them (roles are discovered, not assumed).</summary>
/// <param name="Nodes">Node A then node B.</param>
public sealed record PostgresTopology(IReadOnlyList<PostgresNodeStatus> Nodes)
{
    /// <summary>The primary, or null when none runs.</summary>
    public PostgresNodeStatus? Primary => Nodes.FirstOrDefault(n => n.Role == PostgresRole.Primary);

    /// <summary>The standby, or null when none runs.</summary>
    public PostgresNodeStatus? Standby => Nodes.FirstOrDefault(n => n.Role == PostgresRole.Standby);

    /// <summary>The normal shape: one primary and one streaming standby.</summary>
    public bool IsHealthy => Primary is not null && Standby is { IsStreamingStandby: true };

    /// <summary>The status of one node.</summary>
    public PostgresNodeStatus this[LabNode node] => Nodes.Single(n => n.Node == node);

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("; ", Nodes.Select(n => $"pg-{n.Node.ToString().ToUpperInvariant()} {n.Role} :{n.Port}" + (n.Replication is null ? "" : $" {n.Replication}")));
}
