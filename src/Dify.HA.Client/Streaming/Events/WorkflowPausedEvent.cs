namespace Dify.HA.Client;

/// <summary><c>workflow_paused</c>: A workflow run paused to wait for human input. Terminal: resume with <c>GET /workflow/{id}/events</c> after submitting the form.</summary>
public sealed record WorkflowPausedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>workflow_paused</c>.</summary>
    public const string EventName = "workflow_paused";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public WorkflowPausedEvent()
        : base(EventName)
    {
    }

    /// <summary>The paused run.</summary>
    public DifyWorkflowPausedData? Data { get; init; }
}
