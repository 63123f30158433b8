namespace Dify.HA.Data.Tests.Lab;

/// <summary>The Redis data nodes and the Sentinels as <c>eng/lab/redis-status</c> reports them.</summary>
/// <param name="Nodes">Data node A then B.</param>
/// <param name="Sentinels">Sentinels 1 to 3.</param>
public sealed record RedisTopology(IReadOnlyList<RedisNodeStatus> Nodes, IReadOnlyList<SentinelStatus> Sentinels)
{
    /// <summary>The node whose ROLE is master, or null (if both claim it, the one the Sentinels name).</summary>
    public RedisNodeStatus? Master
    {
        get
        {
            var masters = Nodes.Where(n => n.Role == RedisRole.Master).ToList();
            if (masters.Count <= 1) return masters.FirstOrDefault();
            var named = Sentinels.FirstOrDefault(s => s.IsUp)?.MasterPort;
            return masters.FirstOrDefault(m => m.Port == named) ?? masters[0];
        }
    }

    /// <summary>A replica, or null.</summary>
    public RedisNodeStatus? Replica => Nodes.FirstOrDefault(n => n.Role == RedisRole.Replica);

    /// <summary>The status of one data node.</summary>
    public RedisNodeStatus this[LabNode node] => Nodes.Single(n => n.Node == node);

    /// <summary>The normal shape: a master, a linked replica of it, and three Sentinels that name it with a quorum.</summary>
    public bool IsHealthy =>
        Master is { } m && Replica is { LinkUp: true } r && r.MasterPort == m.Port &&
        Sentinels.Count == 3 && Sentinels.All(s => s.IsUp && s.QuorumOk && s.MasterPort == m.Port);

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("; ", Nodes.Select(n => $"redis-{n.Node.ToString().ToUpperInvariant()} {n.Role} :{n.Port}")) + "; sentinels name " +
        string.Join(",", Sentinels.Select(s => s.IsUp ? s.MasterPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?" : "down"));
}
