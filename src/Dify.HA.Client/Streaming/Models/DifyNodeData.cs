using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// The <c>data</c> of <c>node_started</c>, <c>node_finished</c> and <c>node_retry</c> (fields that an event does not
/// carry stay null: a started node has no outputs yet).
/// </summary>
public sealed record DifyNodeData
{
    /// <summary>Node execution id.</summary>
    public string? Id { get; init; }

    /// <summary>Node id in the workflow graph.</summary>
    public string? NodeId { get; init; }

    /// <summary>Node type, e.g. <c>llm</c>, <c>code</c>, <c>knowledge-retrieval</c>.</summary>
    public string? NodeType { get; init; }

    /// <summary>Node title.</summary>
    public string? Title { get; init; }

    /// <summary>Execution index.</summary>
    public int? Index { get; init; }

    /// <summary>Id of the node that ran before.</summary>
    public string? PredecessorNodeId { get; init; }

    /// <summary>Node inputs (may be null in simplified responses).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>Node processing data.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ProcessData { get; init; }

    /// <summary>Node outputs.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Outputs { get; init; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>exception</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Why the node failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Run time in seconds.</summary>
    public double? ElapsedTime { get; init; }

    /// <summary>Execution metadata (tokens, price, model...).</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExecutionMetadata { get; init; }

    /// <summary>When the node started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the node finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Iteration id when the node runs inside an iteration.</summary>
    public string? IterationId { get; init; }

    /// <summary>Loop id when the node runs inside a loop.</summary>
    public string? LoopId { get; init; }

    /// <summary>Retry attempt index (from 0), on <c>node_retry</c>.</summary>
    public int? RetryIndex { get; init; }
}
