using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The app's meta information (<c>GET /meta</c>).</summary>
public sealed record DifyAppMeta
{
    /// <summary>Tool icons by tool name: a URL string, or an object with <c>background</c> and <c>content</c> (an emoji).</summary>
    public IReadOnlyDictionary<string, JsonElement>? ToolIcons { get; init; }
}
