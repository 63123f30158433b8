using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>A text in the languages Dify's console ships.</summary>
public sealed record DifyLocalizedText
{
    /// <summary>English.</summary>
    [JsonPropertyName("en_US")]
    public string? EnUs { get; init; }

    /// <summary>Simplified Chinese.</summary>
    [JsonPropertyName("zh_Hans")]
    public string? ZhHans { get; init; }
}
