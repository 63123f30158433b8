namespace Dify.HA.Client;

/// <summary><c>text_replace</c>: Replaces the workflow output text so far (e.g. content moderation).</summary>
public sealed record TextReplaceEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>text_replace</c>.</summary>
    public const string EventName = "text_replace";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public TextReplaceEvent()
        : base(EventName)
    {
    }

    /// <summary>The replacement text.</summary>
    public DifyTextChunkData? Data { get; init; }
}
