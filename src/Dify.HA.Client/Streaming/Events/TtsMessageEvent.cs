namespace Dify.HA.Client;

/// <summary><c>tts_message</c>: A chunk of text-to-speech audio (base64 MP3) when auto-play is on.</summary>
public sealed record TtsMessageEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>tts_message</c>.</summary>
    public const string EventName = "tts_message";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public TtsMessageEvent()
        : base(EventName)
    {
    }

    /// <summary>Base64-encoded MP3 chunk; decode and concatenate in order.</summary>
    public string? Audio { get; init; }
}
