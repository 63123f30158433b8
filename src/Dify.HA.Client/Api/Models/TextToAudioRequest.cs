namespace Dify.HA.Client;

/// <summary>What to voice (<c>POST /text-to-audio</c>): a message's answer, or a text.</summary>
public sealed record TextToAudioRequest
{
    /// <summary>The message whose answer to voice (a UUID); takes priority over <see cref="Text"/>.</summary>
    public string? MessageId { get; init; }

    /// <summary>The text to voice, when no <see cref="MessageId"/> is given.</summary>
    public string? Text { get; init; }

    /// <summary>The end user. Default: <see cref="DifyClientOptions.DefaultUser"/>, or none.</summary>
    public string? User { get; init; }

    /// <summary>The voice (depends on the app's TTS provider). Default: the app's configured voice.</summary>
    public string? Voice { get; init; }
}
