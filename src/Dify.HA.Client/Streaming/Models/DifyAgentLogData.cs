using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>agent_log</c>: one step of an agent node inside a workflow.</summary>
public sealed record DifyAgentLogData
{
    /// <summary>Node execution id.</summary>
    public string? NodeExecutionId { get; init; }

    /// <summary>Log entry id.</summary>
    public string? Id { get; init; }

    /// <summary>Log label.</summary>
    public string? Label { get; init; }

    /// <summary>Parent log entry id for nested entries.</summary>
    public string? ParentId { get; init; }

    /// <summary>Error of the step, if any.</summary>
    public string? Error { get; init; }

    /// <summary>Step status.</summary>
    public string? Status { get; init; }

    /// <summary>Step data.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Data { get; init; }

    /// <summary>Step metadata.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Node id.</summary>
    public string? NodeId { get; init; }
}
