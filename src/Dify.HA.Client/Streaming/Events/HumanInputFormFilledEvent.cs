namespace Dify.HA.Client;

/// <summary><c>human_input_form_filled</c>: A Human Input form was submitted and the run goes on.</summary>
public sealed record HumanInputFormFilledEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>human_input_form_filled</c>.</summary>
    public const string EventName = "human_input_form_filled";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public HumanInputFormFilledEvent()
        : base(EventName)
    {
    }

    /// <summary>What was submitted.</summary>
    public DifyHumanInputFormFilledData? Data { get; init; }
}
