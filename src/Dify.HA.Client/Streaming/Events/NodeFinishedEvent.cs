namespace Dify.HA.Client;

/// <summary><c>node_finished</c>: A workflow node finished.</summary>
public sealed record NodeFinishedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>node_finished</c>.</summary>
    public const string EventName = "node_finished";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public NodeFinishedEvent()
        : base(EventName)
    {
    }

    /// <summary>The node execution.</summary>
    public DifyNodeData? Data { get; init; }
}
