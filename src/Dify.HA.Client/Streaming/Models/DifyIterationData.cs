using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// The <c>data</c> of <c>iteration_started</c>, <c>iteration_next</c>, <c>iteration_completed</c> and of the
/// matching <c>loop_*</c> events (the two families have the same shape).
/// </summary>
public sealed record DifyIterationData
{
    /// <summary>Iteration (or loop) execution id.</summary>
    public string? Id { get; init; }

    /// <summary>Node id of the iteration or loop.</summary>
    public string? NodeId { get; init; }

    /// <summary>Node type.</summary>
    public string? NodeType { get; init; }

    /// <summary>Node title.</summary>
    public string? Title { get; init; }

    /// <summary>Current index (from 0) on <c>*_next</c>.</summary>
    public int? Index { get; init; }

    /// <summary>Inputs.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>Outputs, on <c>*_completed</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Outputs { get; init; }

    /// <summary>Status, on <c>*_completed</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Error, on a failed <c>*_completed</c>.</summary>
    public string? Error { get; init; }

    /// <summary>Run time in seconds.</summary>
    public double? ElapsedTime { get; init; }

    /// <summary>Tokens consumed.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Steps completed.</summary>
    public int? Steps { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Metadata (iterator length...).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Execution metadata (tokens, price...).</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExecutionMetadata { get; init; }
}
