using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The body of <c>POST /datasets/{dataset_id}/retrieve</c>.</summary>
public sealed record RetrieveRequest
{
    /// <summary>The query, 1 to 250 characters (required).</summary>
    public string? Query { get; init; }

    /// <summary>Retrieval settings; null uses the dataset's.</summary>
    public DifyRetrievalModel? RetrievalModel { get; init; }

    /// <summary>Image attachments to search with.</summary>
    public IReadOnlyList<string>? AttachmentIds { get; init; }

    /// <summary>External retrieval settings.</summary>
    public JsonElement? ExternalRetrievalModel { get; init; }
}
