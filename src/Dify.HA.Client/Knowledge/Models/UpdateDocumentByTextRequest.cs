namespace Dify.HA.Client;

/// <summary>The body of <c>POST /datasets/{dataset_id}/documents/{document_id}/update-by-text</c>: null members are left unchanged.</summary>
public sealed record UpdateDocumentByTextRequest
{
    /// <summary>A new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new text.</summary>
    public string? Text { get; init; }

    /// <summary>Cleaning and splitting.</summary>
    public DifyProcessRule? ProcessRule { get; init; }

    /// <summary>Chunk structure.</summary>
    public string? DocForm { get; init; }

    /// <summary>Language.</summary>
    public string? DocLanguage { get; init; }

    /// <summary>Retrieval settings.</summary>
    public DifyRetrievalModel? RetrievalModel { get; init; }
}
