namespace Dify.HA.Client.Resilience.Internal;

/// <summary>One attempt in flight on an endpoint (counts as outstanding until disposed). Dispose without
/// <see cref="Complete"/> = cancelled.</summary>
internal interface IHaAttempt : IDisposable
{
    void Complete(HaOutcome outcome, TimeSpan latency);
}
