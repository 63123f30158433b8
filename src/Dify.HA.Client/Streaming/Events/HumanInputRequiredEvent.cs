namespace Dify.HA.Client;

/// <summary><c>human_input_required</c>: A Human Input node waits for a form to be submitted (a <see cref="WorkflowPausedEvent"/> follows).</summary>
public sealed record HumanInputRequiredEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>human_input_required</c>.</summary>
    public const string EventName = "human_input_required";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public HumanInputRequiredEvent()
        : base(EventName)
    {
    }

    /// <summary>The form.</summary>
    public DifyHumanInputForm? Data { get; init; }
}
