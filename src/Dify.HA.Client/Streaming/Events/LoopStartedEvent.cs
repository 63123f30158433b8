namespace Dify.HA.Client;

/// <summary><c>loop_started</c>: A loop node started.</summary>
public sealed record LoopStartedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>loop_started</c>.</summary>
    public const string EventName = "loop_started";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public LoopStartedEvent()
        : base(EventName)
    {
    }

    /// <summary>The loop.</summary>
    public DifyIterationData? Data { get; init; }
}
