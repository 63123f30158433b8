namespace Dify.HA.Data.Tests.Lab;

/// <summary>A Redis Cluster node as <c>eng/lab/cluster-status</c> reports it.</summary>
/// <param name="Number">1 to 6 (cluster-1 … cluster-6; 1–3 start as masters).</param>
/// <param name="Port">Its port on 127.0.0.1 (the cluster bus is port + 10000).</param>
/// <param name="Pid">Its PID, when it runs.</param>
/// <param name="IsMaster">The cluster lists it as a master.</param>
/// <param name="Failed">The cluster marks it failed or disconnected.</param>
/// <param name="Slots">Its slot ranges (e.g. <c>0-5460</c>), or null.</param>
/// <param name="ClusterStateOk">The node itself answers <c>cluster_state:ok</c>.</param>
public sealed record ClusterNodeStatus(int Number, int Port, int? Pid, bool IsMaster, bool Failed, string? Slots, bool ClusterStateOk);
