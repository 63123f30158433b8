namespace Dify.HA.Client;

/// <summary><c>loop_next</c>: A loop moved to its next round.</summary>
public sealed record LoopNextEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>loop_next</c>.</summary>
    public const string EventName = "loop_next";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public LoopNextEvent()
        : base(EventName)
    {
    }

    /// <summary>The loop.</summary>
    public DifyIterationData? Data { get; init; }
}
