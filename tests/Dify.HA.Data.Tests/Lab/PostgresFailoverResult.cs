namespace Dify.HA.Data.Tests.Lab;

/// <summary>What <c>eng/lab/pg-failover</c> did and measured.</summary>
/// <param name="NewPrimary">The promoted node.</param>
/// <param name="OldPrimary">The killed node (down until <see cref="LabControl.PostgresRejoinAsync"/>).</param>
/// <param name="KillTime">From SIGKILL of the postmaster to all of the node's processes gone.</param>
/// <param name="PromoteTime">From then to the first write accepted by the new primary.</param>
/// <param name="TotalTime">From SIGKILL to the first write accepted.</param>
public sealed record PostgresFailoverResult(LabNode NewPrimary, LabNode OldPrimary, TimeSpan KillTime, TimeSpan PromoteTime, TimeSpan TotalTime);
