namespace Dify.HA.Client;

/// <summary>How text is split into chunks.</summary>
public sealed record DifySegmentationRule
{
    /// <summary>The separator (Dify's default <c>\n</c>).</summary>
    public string? Separator { get; init; }

    /// <summary>Largest chunk in tokens.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Overlap in tokens (default 0).</summary>
    public int? ChunkOverlap { get; init; }
}
