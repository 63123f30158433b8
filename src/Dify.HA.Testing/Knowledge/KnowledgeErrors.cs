using Dify.HA.Testing.Api;

namespace Dify.HA.Testing.Knowledge;

/// <summary>The Knowledge API's error answers, with Dify's codes and messages (openapi_service.json examples).</summary>
internal static class KnowledgeErrors
{
    /// <summary>
    /// Dify's <c>cloud_edition_billing_rate_limit_check("knowledge")</c> raises werkzeug's Forbidden with this message,
    /// so the envelope's code is <c>forbidden</c> (the spec's example for 403 on the knowledge routes).
    /// </summary>
    public const string RateLimitMessage = "Sorry, you have reached the knowledge base request rate limit of your subscription.";

    public static DifyApiError RateLimited() => new(403, "forbidden", RateLimitMessage);

    public static DifyApiError DatasetNotFound() => new(404, "not_found", "Dataset not found.");

    public static DifyApiError DocumentNotFound() => new(404, "not_found", "Document not found.");

    public static DifyApiError SegmentNotFound() => new(404, "not_found", "Segment not found.");

    public static DifyApiError ChildChunkNotFound() => new(404, "not_found", "Child chunk not found.");

    public static DifyApiError TagNotFound() => new(404, "not_found", "Tag not found");

    public static DifyApiError MetadataNotFound() => new(404, "not_found", "Metadata not found.");

    public static DifyApiError DatasetNameDuplicate() => new(409, "dataset_name_duplicate", "The dataset name already exists. Please modify your dataset name.");

    public static DifyApiError PipelineNotFound() => new(400, "invalid_param", "Pipeline not found");
}
