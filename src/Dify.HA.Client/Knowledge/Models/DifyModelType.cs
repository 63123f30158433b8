namespace Dify.HA.Client;

/// <summary>The model types of <c>GET /workspaces/current/models/model-types/{model_type}</c>.</summary>
public enum DifyModelType
{
    /// <summary><c>text-embedding</c>: what a high-quality dataset embeds with.</summary>
    TextEmbedding,

    /// <summary><c>rerank</c>.</summary>
    Rerank,

    /// <summary><c>llm</c>.</summary>
    Llm,

    /// <summary><c>tts</c>.</summary>
    Tts,

    /// <summary><c>speech2text</c>.</summary>
    Speech2Text,

    /// <summary><c>moderation</c>.</summary>
    Moderation,
}
