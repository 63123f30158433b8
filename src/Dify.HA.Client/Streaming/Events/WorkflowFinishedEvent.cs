namespace Dify.HA.Client;

/// <summary><c>workflow_finished</c>: A workflow run finished (succeeded, failed, partial-succeeded or stopped). Terminal for workflow streams.</summary>
public sealed record WorkflowFinishedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>workflow_finished</c>.</summary>
    public const string EventName = "workflow_finished";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public WorkflowFinishedEvent()
        : base(EventName)
    {
    }

    /// <summary>The final state of the run.</summary>
    public DifyWorkflowRunData? Data { get; init; }
}
