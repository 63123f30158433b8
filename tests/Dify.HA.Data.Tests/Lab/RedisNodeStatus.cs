namespace Dify.HA.Data.Tests.Lab;

/// <summary>A Redis data node as <c>eng/lab/redis-status</c> reports it.</summary>
/// <param name="Node">A or B.</param>
/// <param name="Port">Its port on 127.0.0.1 (never changes).</param>
/// <param name="Pid">Its PID, when it runs.</param>
/// <param name="Role">Master, replica or down.</param>
/// <param name="MasterPort">For a replica: the port of the master it replicates from.</param>
/// <param name="LinkUp">For a replica: <c>master_link_status:up</c>.</param>
public sealed record RedisNodeStatus(LabNode Node, int Port, int? Pid, RedisRole Role, int? MasterPort, bool LinkUp);
