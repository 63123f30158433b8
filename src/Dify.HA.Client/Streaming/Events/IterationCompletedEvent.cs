namespace Dify.HA.Client;

/// <summary><c>iteration_completed</c>: An iteration node completed.</summary>
public sealed record IterationCompletedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>iteration_completed</c>.</summary>
    public const string EventName = "iteration_completed";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public IterationCompletedEvent()
        : base(EventName)
    {
    }

    /// <summary>The iteration.</summary>
    public DifyIterationData? Data { get; init; }
}
