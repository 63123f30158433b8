using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>One entry of <c>GET /workflows/logs</c>.</summary>
public sealed record WorkflowLogEntry
{
    /// <summary>The log entry's id.</summary>
    public string? Id { get; init; }

    /// <summary>The run.</summary>
    public WorkflowRunSummary? WorkflowRun { get; init; }

    /// <summary>Where the run came from, e.g. <c>service-api</c>.</summary>
    public string? CreatedFrom { get; init; }

    /// <summary><c>end_user</c> or <c>account</c>.</summary>
    public string? CreatedByRole { get; init; }

    /// <summary>The console account that started the run, if any.</summary>
    public DifyAccountSummary? CreatedByAccount { get; init; }

    /// <summary>The end user that started the run, if any.</summary>
    public DifyEndUserSummary? CreatedByEndUser { get; init; }

    /// <summary>When the entry was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Additional details, as Dify sends them.</summary>
    public JsonElement? Details { get; init; }
}
