namespace Dify.HA.Client;

/// <summary><c>human_input_form_timeout</c>: A Human Input form expired.</summary>
public sealed record HumanInputFormTimeoutEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>human_input_form_timeout</c>.</summary>
    public const string EventName = "human_input_form_timeout";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public HumanInputFormTimeoutEvent()
        : base(EventName)
    {
    }

    /// <summary>The expired form.</summary>
    public DifyHumanInputFormTimeoutData? Data { get; init; }
}
