using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>A run of a workflow app (<c>POST /workflows/run</c> or <c>/workflows/{workflow_id}/run</c>).</summary>
public sealed record WorkflowRunRequest
{
    /// <summary>Values of the workflow's input variables by name. Default: none (sent as <c>{}</c>).</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>();

    /// <summary>The end user. Default: <see cref="DifyClientOptions.DefaultUser"/>; one of the two is required.</summary>
    public string? User { get; init; }

    /// <summary>Files for the run's <c>sys.files</c>. Default: none.</summary>
    public IReadOnlyList<DifyInputFile>? Files { get; init; }

    [JsonInclude]
    internal string? ResponseMode { get; init; }
}
