namespace Dify.HA.Client;

/// <summary><c>iteration_next</c>: An iteration moved to its next item.</summary>
public sealed record IterationNextEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>iteration_next</c>.</summary>
    public const string EventName = "iteration_next";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public IterationNextEvent()
        : base(EventName)
    {
    }

    /// <summary>The iteration.</summary>
    public DifyIterationData? Data { get; init; }
}
