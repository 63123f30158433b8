namespace Dify.HA.Client;

/// <summary><c>node_started</c>: A workflow node started.</summary>
public sealed record NodeStartedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>node_started</c>.</summary>
    public const string EventName = "node_started";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public NodeStartedEvent()
        : base(EventName)
    {
    }

    /// <summary>The node execution.</summary>
    public DifyNodeData? Data { get; init; }
}
