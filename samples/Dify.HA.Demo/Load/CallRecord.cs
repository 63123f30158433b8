using Dify.HA.Demo.Clients;

namespace Dify.HA.Demo.Load;

/// <summary>One finished call: when it started and ended (ms since the run began), in which phase it started, and whether it succeeded.</summary>
internal readonly record struct CallRecord(CallKind Kind, int Phase, double StartMs, double EndMs, bool Success)
{
    public double LatencyMs => EndMs - StartMs;
}
