using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Store;

/// <summary>A human input form a paused run waits on; submitting it resumes the run.</summary>
internal sealed class HumanInputForm
{
    public required string Token { get; init; }

    public required Guid FormId { get; init; }

    public required string NodeId { get; init; }

    public required Guid WorkflowRunId { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required JsonObject Definition { get; init; }

    public TaskCompletionSource<(string Action, JsonObject Inputs)> Submission { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Submitted { get; set; }
}
