namespace Dify.HA.Client;

/// <summary><c>agent_thought</c>: An agent step: what the model thought, which tool it called and what the tool answered.</summary>
public sealed record AgentThoughtEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>agent_thought</c>.</summary>
    public const string EventName = "agent_thought";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public AgentThoughtEvent()
        : base(EventName)
    {
    }

    /// <summary>Agent thought id.</summary>
    public string? Id { get; init; }

    /// <summary>Position of the thought within the message.</summary>
    public int? Position { get; init; }

    /// <summary>What the model is thinking.</summary>
    public string? Thought { get; init; }

    /// <summary>What the tool answered.</summary>
    public string? Observation { get; init; }

    /// <summary>Tools called, separated by <c>;</c>.</summary>
    public string? Tool { get; init; }

    /// <summary>Tool input, as a JSON string.</summary>
    public string? ToolInput { get; init; }

    /// <summary>Ids of the files this thought refers to.</summary>
    public IReadOnlyList<string>? MessageFiles { get; init; }
}
