using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>The app's text-to-speech settings.</summary>
public sealed record DifyTextToSpeechSettings
{
    /// <summary>True when text-to-speech is enabled.</summary>
    public bool Enabled { get; init; }

    /// <summary>The voice.</summary>
    public string? Voice { get; init; }

    /// <summary>The language.</summary>
    public string? Language { get; init; }

    /// <summary><c>enabled</c> or <c>disabled</c>.</summary>
    [JsonPropertyName("autoPlay")]
    public string? AutoPlay { get; init; }
}
