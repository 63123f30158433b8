namespace Dify.HA.Client;

/// <summary><c>agent_log</c>: A step of an agent node inside a workflow.</summary>
public sealed record AgentLogEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>agent_log</c>.</summary>
    public const string EventName = "agent_log";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public AgentLogEvent()
        : base(EventName)
    {
    }

    /// <summary>The step.</summary>
    public DifyAgentLogData? Data { get; init; }
}
