namespace Dify.HA.Client;

/// <summary><c>workflow_started</c>: A workflow run started (or resumed).</summary>
public sealed record WorkflowStartedEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>workflow_started</c>.</summary>
    public const string EventName = "workflow_started";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public WorkflowStartedEvent()
        : base(EventName)
    {
    }

    /// <summary>The run.</summary>
    public DifyWorkflowStartedData? Data { get; init; }
}
