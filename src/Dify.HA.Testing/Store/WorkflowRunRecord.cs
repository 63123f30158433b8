using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Store;

/// <summary>The persisted state of a workflow run (what <c>GET /workflows/run/{id}</c> and the logs read).</summary>
internal sealed class WorkflowRunRecord
{
    public required Guid Id { get; init; }

    public required Guid AppId { get; init; }

    public required Guid WorkflowId { get; init; }

    public required Guid EndUserId { get; init; }

    public required string ExternalUserId { get; init; }

    public required string InputsJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Status { get; set; } = "running";

    public JsonObject Outputs { get; set; } = [];

    public string? Error { get; set; }

    public int TotalSteps { get; set; }

    public int TotalTokens { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public double ElapsedTime { get; set; }
}
