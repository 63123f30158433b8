namespace Dify.HA.Client;

/// <summary>The app's basic information (<c>GET /info</c>).</summary>
public sealed record DifyAppInfo
{
    /// <summary>The app's name.</summary>
    public string? Name { get; init; }

    /// <summary>The app's description.</summary>
    public string? Description { get; init; }

    /// <summary>The app's tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary><c>chat</c>, <c>agent-chat</c>, <c>advanced-chat</c>, <c>completion</c> or <c>workflow</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>The author's name.</summary>
    public string? AuthorName { get; init; }
}
