namespace Dify.HA.Data.Tests.Lab;

/// <summary>A Sentinel as <c>eng/lab/redis-status</c> reports it.</summary>
/// <param name="Number">1, 2 or 3.</param>
/// <param name="Port">Its port on 127.0.0.1.</param>
/// <param name="Pid">Its PID, when it runs.</param>
/// <param name="IsUp">It answers PING.</param>
/// <param name="MasterPort">The master's port it reports (<c>SENTINEL GET-MASTER-ADDR-BY-NAME</c>).</param>
/// <param name="QuorumOk"><c>SENTINEL CKQUORUM</c> answered OK.</param>
public sealed record SentinelStatus(int Number, int Port, int? Pid, bool IsUp, int? MasterPort, bool QuorumOk);
