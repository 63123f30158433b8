namespace Dify.HA.Client;

/// <summary>The embedding settings Dify uses to match questions to annotations (<c>POST /apps/annotation-reply/{action}</c>).</summary>
public sealed record AnnotationReplySettings
{
    /// <summary>The embedding model provider, e.g. <c>openai</c>. Required.</summary>
    public required string EmbeddingProviderName { get; init; }

    /// <summary>The embedding model, e.g. <c>text-embedding-3-small</c>. Required.</summary>
    public required string EmbeddingModelName { get; init; }

    /// <summary>The minimum similarity (0 to 1) for an annotation to answer. Required.</summary>
    public required double ScoreThreshold { get; init; }
}
