namespace Dify.HA.Client;

/// <summary><c>iteration_started</c>: An iteration node started.</summary>
public sealed record IterationStartedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>iteration_started</c>.</summary>
    public const string EventName = "iteration_started";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public IterationStartedEvent()
        : base(EventName)
    {
    }

    /// <summary>The iteration.</summary>
    public DifyIterationData? Data { get; init; }
}
