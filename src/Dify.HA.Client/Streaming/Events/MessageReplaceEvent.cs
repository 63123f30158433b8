namespace Dify.HA.Client;

/// <summary><c>message_replace</c>: Replaces the whole answer so far (e.g. content moderation): discard what was collected and use <see cref="Answer"/>.</summary>
public sealed record MessageReplaceEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>message_replace</c>.</summary>
    public const string EventName = "message_replace";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public MessageReplaceEvent()
        : base(EventName)
    {
    }

    /// <summary>The replacement answer.</summary>
    public string? Answer { get; init; }

    /// <summary>Why the answer was replaced.</summary>
    public string? Reason { get; init; }
}
