namespace Dify.HA.Client;

/// <summary><c>loop_completed</c>: A loop node completed.</summary>
public sealed record LoopCompletedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>loop_completed</c>.</summary>
    public const string EventName = "loop_completed";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public LoopCompletedEvent()
        : base(EventName)
    {
    }

    /// <summary>The loop.</summary>
    public DifyIterationData? Data { get; init; }
}
