using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>A request to a completion (text generator) app (<c>POST /completion-messages</c>).</summary>
public sealed record CompletionMessageRequest
{
    /// <summary>Values of the app's input variables by name (newer apps take their text here). Default: none (sent as <c>{}</c>).</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>();

    /// <summary>The legacy <c>query</c> text; newer apps read their text from <see cref="Inputs"/>. Default: not sent.</summary>
    public string? Query { get; init; }

    /// <summary>The end user. Default: <see cref="DifyClientOptions.DefaultUser"/>; one of the two is required.</summary>
    public string? User { get; init; }

    /// <summary>Files to attach. Default: none.</summary>
    public IReadOnlyList<DifyInputFile>? Files { get; init; }

    [JsonInclude]
    internal string? ResponseMode { get; init; }
}
