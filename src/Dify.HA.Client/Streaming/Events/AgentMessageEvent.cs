namespace Dify.HA.Client;

/// <summary><c>agent_message</c>: A chunk of the answer of an agent app: concatenate <see cref="Answer"/> in order.</summary>
public sealed record AgentMessageEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>agent_message</c>.</summary>
    public const string EventName = "agent_message";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public AgentMessageEvent()
        : base(EventName)
    {
    }

    /// <summary>The answer delta.</summary>
    public string? Answer { get; init; }

    /// <summary>The message id (some Dify versions repeat it here).</summary>
    public string? Id { get; init; }
}
