namespace Dify.HA.Client;

/// <summary>The body of <c>POST /datasets/{dataset_id}/document/create-by-text</c>.</summary>
public sealed record CreateDocumentByTextRequest
{
    /// <summary>The document name (required; the upsert helpers set it to the external key).</summary>
    public string? Name { get; init; }

    /// <summary>The text (required).</summary>
    public string? Text { get; init; }

    /// <summary><c>high_quality</c> or <c>economy</c> (required by Dify for the first document of a dataset without one).</summary>
    public string? IndexingTechnique { get; init; }

    /// <summary><c>text_model</c> (default), <c>hierarchical_model</c> or <c>qa_model</c>.</summary>
    public string? DocForm { get; init; }

    /// <summary>Language for Q&amp;A generation (default <c>English</c>).</summary>
    public string? DocLanguage { get; init; }

    /// <summary>Cleaning and splitting; null uses the dataset's.</summary>
    public DifyProcessRule? ProcessRule { get; init; }

    /// <summary>Retrieval settings.</summary>
    public DifyRetrievalModel? RetrievalModel { get; init; }

    /// <summary>Embedding model name.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Embedding model provider.</summary>
    public string? EmbeddingModelProvider { get; init; }

    /// <summary>Replace this document (re-index it with the new text).</summary>
    public string? OriginalDocumentId { get; init; }
}
