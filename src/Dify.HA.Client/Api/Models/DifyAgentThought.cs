using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>One reasoning step of an agent, in the history.</summary>
public sealed record DifyAgentThought
{
    /// <summary>The thought's id.</summary>
    public string? Id { get; init; }

    /// <summary>The chain's id.</summary>
    public string? ChainId { get; init; }

    /// <summary>The message's id.</summary>
    public string? MessageId { get; init; }

    /// <summary>The position in the message.</summary>
    public int? Position { get; init; }

    /// <summary>What the model thought.</summary>
    public string? Thought { get; init; }

    /// <summary>Tools called, separated by <c>;</c>.</summary>
    public string? Tool { get; init; }

    /// <summary>The tools' labels.</summary>
    public JsonElement? ToolLabels { get; init; }

    /// <summary>The tools' input (JSON text).</summary>
    public string? ToolInput { get; init; }

    /// <summary>The tools' output.</summary>
    public string? Observation { get; init; }

    /// <summary>Related file ids.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>When the thought was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
