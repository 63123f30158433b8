namespace Dify.HA.Client;

/// <summary>The <c>data</c> part of a document create/update by file (sent as a JSON string beside the file).</summary>
public sealed record DocumentFileSettings
{
    /// <summary>A document name other than the file name (update only; the upsert helpers use the file name).</summary>
    public string? Name { get; init; }

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

    /// <summary>Replace this document.</summary>
    public string? OriginalDocumentId { get; init; }
}
