using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A document of a dataset (list and detail share this shape; detail-only members are null in lists).</summary>
public sealed record DifyDocument
{
    /// <summary>The document id (a UUID).</summary>
    public string? Id { get; init; }

    /// <summary>Its position in the dataset.</summary>
    public int? Position { get; init; }

    /// <summary>e.g. <c>upload_file</c>.</summary>
    public string? DataSourceType { get; init; }

    /// <summary>Source details, as sent.</summary>
    public JsonElement? DataSourceInfo { get; init; }

    /// <summary>Source details, as sent.</summary>
    public JsonElement? DataSourceDetailDict { get; init; }

    /// <summary>Processing rule id.</summary>
    public string? DatasetProcessRuleId { get; init; }

    /// <summary>The dataset processing rule (detail).</summary>
    public JsonElement? DatasetProcessRule { get; init; }

    /// <summary>The document processing rule (detail).</summary>
    public JsonElement? DocumentProcessRule { get; init; }

    /// <summary>The document name (the upsert helpers use it as the external key).</summary>
    public string? Name { get; init; }

    /// <summary><c>api</c> or <c>web</c>.</summary>
    public string? CreatedFrom { get; init; }

    /// <summary>Creator id.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Tokens embedded.</summary>
    public int? Tokens { get; init; }

    /// <summary><c>waiting</c>, <c>parsing</c>, <c>cleaning</c>, <c>splitting</c>, <c>indexing</c>, <c>paused</c>, <c>error</c> or <c>completed</c>.</summary>
    public string? IndexingStatus { get; init; }

    /// <summary>The indexing error, if any.</summary>
    public string? Error { get; init; }

    /// <summary>Whether it is used in retrieval.</summary>
    public bool? Enabled { get; init; }

    /// <summary>When it was disabled.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>Who disabled it.</summary>
    public string? DisabledBy { get; init; }

    /// <summary>Whether it is archived.</summary>
    public bool? Archived { get; init; }

    /// <summary>Status as the console shows it (<c>available</c>, <c>indexing</c>, …).</summary>
    public string? DisplayStatus { get; init; }

    /// <summary>Words.</summary>
    public int? WordCount { get; init; }

    /// <summary>Retrieval hits.</summary>
    public int? HitCount { get; init; }

    /// <summary>Chunk structure.</summary>
    public string? DocForm { get; init; }

    /// <summary>Language (detail).</summary>
    public string? DocLanguage { get; init; }

    /// <summary>Document type (detail).</summary>
    public string? DocType { get; init; }

    /// <summary>Metadata values.</summary>
    public IReadOnlyList<DifyDocumentMetadata>? DocMetadata { get; init; }

    /// <summary>When indexing completed (detail).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Last change (detail).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Seconds indexing took (detail).</summary>
    public double? IndexingLatency { get; init; }

    /// <summary>Chunks (detail).</summary>
    public int? SegmentCount { get; init; }

    /// <summary>Mean chunk length (detail).</summary>
    public double? AverageSegmentLength { get; init; }

    /// <summary>Summary index status.</summary>
    public string? SummaryIndexStatus { get; init; }

    /// <summary>Whether a summary is generated.</summary>
    public bool? NeedSummary { get; init; }
}
