namespace Dify.HA.Data.Tests.Lab;

/// <summary>What <c>eng/lab/cluster-kill-master</c> did and, when asked to wait, measured.</summary>
/// <param name="Number">The killed node (1–6).</param>
/// <param name="Port">Its port.</param>
/// <param name="Slots">The slot ranges it served, e.g. <c>0-5460</c>.</param>
/// <param name="RecoveredAfter">When waited for: from the kill until a replica served those slots and every live node said cluster_state:ok.</param>
public sealed record ClusterKillResult(int Number, int Port, string Slots, TimeSpan? RecoveredAfter);
