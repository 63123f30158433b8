namespace Dify.HA.Client;

/// <summary><c>tts_message_end</c>: The end of the text-to-speech audio.</summary>
public sealed record TtsMessageEndEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>tts_message_end</c>.</summary>
    public const string EventName = "tts_message_end";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public TtsMessageEndEvent()
        : base(EventName)
    {
    }

    /// <summary>Empty.</summary>
    public string? Audio { get; init; }
}
