namespace Dify.HA.Chaos.Load;

/// <summary>The outcome of one logical call, as the load runner saw it.</summary>
/// <param name="Kind">What was called.</param>
/// <param name="StartMs">Start, in ms since the load began.</param>
/// <param name="EndMs">End, in ms since the load began.</param>
/// <param name="Success">Whether the caller got a complete answer.</param>
/// <param name="FirstEventMs">Time to the first meaningful stream event (streams only).</param>
/// <param name="Attempts">HTTP requests sent for the call.</param>
/// <param name="ServedRegion">Region index of the endpoint that answered last (-1 = none).</param>
internal sealed record CallRecord(CallKind Kind, double StartMs, double EndMs, bool Success, double? FirstEventMs, int Attempts, int ServedRegion)
{
    public double LatencyMs => EndMs - StartMs;
}
