namespace Dify.HA.Client;

/// <summary><c>node_retry</c>: A workflow node failed and is retried.</summary>
public sealed record NodeRetryEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>node_retry</c>.</summary>
    public const string EventName = "node_retry";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public NodeRetryEvent()
        : base(EventName)
    {
    }

    /// <summary>The failed attempt.</summary>
    public DifyNodeData? Data { get; init; }
}
