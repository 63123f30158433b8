namespace Dify.HA.Data.Tests.Lab;

/// <summary>One PostgreSQL node as <c>eng/lab/pg-status</c> reports it.</summary>
/// <param name="Node">A or B.</param>
/// <param name="Port">Its TCP port on 127.0.0.1 (never changes).</param>
/// <param name="Pid">The postmaster's PID, when it runs.</param>
/// <param name="Role">Primary, standby or down.</param>
/// <param name="Replication">For a standby: the primary's <c>pg_stat_replication.state</c> for it (<c>streaming</c>, …) or <c>not-streaming</c>.</param>
/// <param name="SyncState">For a standby: <c>sync</c> or <c>async</c>.</param>
/// <param name="ConnectionString">The Npgsql connection string to this node (from the env file).</param>
public sealed record PostgresNodeStatus(
    LabNode Node, int Port, int? Pid, PostgresRole Role, string? Replication, string? SyncState, string ConnectionString)
{
    /// <summary>A standby that the primary reports as streaming.</summary>
    public bool IsStreamingStandby => Role == PostgresRole.Standby && Replication == "streaming";
}
