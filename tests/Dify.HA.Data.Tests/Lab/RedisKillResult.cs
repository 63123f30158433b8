namespace Dify.HA.Data.Tests.Lab;

/// <summary>What <c>eng/lab/redis-kill-master</c> did and, when asked to wait, measured.</summary>
/// <param name="Killed">The data node that was master and was SIGKILLed.</param>
/// <param name="KilledPort">Its port.</param>
/// <param name="NewMasterPort">When waited for: the port of the promoted replica.</param>
/// <param name="PromotedAfter">When waited for: from the kill until the replica said it is master.</param>
/// <param name="AllSentinelsAfter">When waited for: from the kill until every running Sentinel named the new master.</param>
public sealed record RedisKillResult(LabNode Killed, int KilledPort, int? NewMasterPort, TimeSpan? PromotedAfter, TimeSpan? AllSentinelsAfter);
