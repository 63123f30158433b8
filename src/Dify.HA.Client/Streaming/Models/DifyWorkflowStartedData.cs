using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>workflow_started</c>.</summary>
public sealed record DifyWorkflowStartedData
{
    /// <summary>Workflow run id.</summary>
    public string? Id { get; init; }

    /// <summary>Id of the workflow.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The run's input variables.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary><c>initial</c> for a first start, <c>resumption</c> after a pause.</summary>
    public string? Reason { get; init; }
}
