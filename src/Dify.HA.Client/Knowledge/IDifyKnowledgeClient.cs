namespace Dify.HA.Client;

/// <summary>
/// A client of Dify's Knowledge API (a <c>dataset-…</c> key), one property per area. Get it from DI: the keyed
/// <c>IDifyKnowledgeClient</c> of the name, or <see cref="IDifyClientFactory.CreateKnowledgeClient"/>. It is registered
/// with <c>AddDifyClient</c> like an app client (same topology, HA pipeline and telemetry); the key decides which API it
/// speaks. Thread-safe; keep and reuse it.
/// </summary>
/// <remarks>
/// Arguments are checked before anything is sent (<see cref="ArgumentException"/> naming the parameter and the fix).
/// Dify's error answers raise <see cref="DifyApiException"/>; the knowledge rate limit (403) is classified transient
/// (<see cref="DifyFailureClassifier.IsKnowledgeRateLimit"/>).
/// </remarks>
public interface IDifyKnowledgeClient
{
    /// <summary>The client's name (the <c>Dify:Clients:&lt;name&gt;</c> it was configured under).</summary>
    string Name { get; }

    /// <summary>Datasets (knowledge bases): create, list, read, update, delete, retrieve.</summary>
    IDifyDatasetsApi Datasets { get; }

    /// <summary>Documents: create and update by text or file, list, read, delete, status, indexing, download; the
    /// indexing wait and the idempotent upsert helpers.</summary>
    IDifyDocumentsApi Documents { get; }

    /// <summary>Segments (chunks) of documents and their child chunks.</summary>
    IDifySegmentsApi Segments { get; }

    /// <summary>Knowledge tags and their bindings to datasets.</summary>
    IDifyKnowledgeTagsApi Tags { get; }

    /// <summary>Metadata fields (custom and built-in) and document metadata values.</summary>
    IDifyKnowledgeMetadataApi Metadata { get; }

    /// <summary>The workspace's available models (embedding, rerank, …).</summary>
    IDifyKnowledgeModelsApi Models { get; }

    /// <summary>The RAG pipeline: file upload, datasource plugins, datasource node runs and pipeline runs.</summary>
    IDifyRagPipelineApi Pipeline { get; }
}
