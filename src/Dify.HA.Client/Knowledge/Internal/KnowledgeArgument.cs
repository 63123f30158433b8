using Dify.HA.Client.Api;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The Knowledge API's checks made before anything is sent (the shared ones are in <see cref="DifyArgument"/>).</summary>
internal static class KnowledgeArgument
{
    internal const int MaxDatasetNameLength = 40;
    internal const int MaxTagNameLength = 50;
    internal const int MaxQueryLength = 250;
    internal const int MaxDocumentIds = 100;
    internal const int MaxExternalKeyLength = 255;

    public static string DatasetId(string? datasetId) => DifyArgument.Id(datasetId, nameof(datasetId), "dataset");

    public static string DocumentId(string? documentId) => DifyArgument.Id(documentId, nameof(documentId), "document");

    public static string SegmentId(string? segmentId) => DifyArgument.Id(segmentId, nameof(segmentId), "segment");

    /// <summary>A name with Dify's length cap (dataset 40, tag 50).</summary>
    public static string Name(string? name, string paramName, int max, string what)
    {
        var value = DifyArgument.NotBlank(name, paramName, $"pass the {what} name (1 to {max} characters).");
        if (value.Length > max)
            throw new ArgumentException($"{paramName} is {value.Length} characters long; Dify accepts at most {max} for a {what} name: pass a shorter name.", paramName);
        return value;
    }

    /// <summary>A list of ids (documents, tags): at least one, at most <paramref name="max"/>, each a UUID. Returns canonical ids.</summary>
    public static string[] Ids(IReadOnlyList<string>? ids, string paramName, string what, int max = int.MaxValue)
    {
        if (ids is null) throw new ArgumentNullException(paramName, $"{paramName} is required: pass at least one {what} id.");
        if (ids.Count == 0) throw new ArgumentException($"{paramName} is empty: pass at least one {what} id.", paramName);
        if (ids.Count > max)
            throw new ArgumentException($"{paramName} has {ids.Count} ids; Dify accepts at most {max} in one call: split the list.", paramName);
        var result = new string[ids.Count];
        for (var i = 0; i < ids.Count; i++) result[i] = DifyArgument.Id(ids[i], $"{paramName}[{i}]", what);
        return result;
    }

    /// <summary>An indexing batch: an opaque token Dify returned (a timestamp and digits), placed in the path.</summary>
    public static string Batch(string? batch)
        => DifyArgument.Token(batch, nameof(batch), "pass the batch a document create or update returned (DifyDocumentOperationResult.Batch).");

    /// <summary>A datasource node id placed in the path.</summary>
    public static string NodeId(string? nodeId)
        => DifyArgument.Token(nodeId, nameof(nodeId), "pass a node id from Pipeline.ListDatasourcePluginsAsync (DifyDatasourcePlugin.NodeId).");

    /// <summary>Checks a process rule's mode when a rule is given (Dify requires it).</summary>
    public static void ProcessRule(DifyProcessRule? rule, string paramName)
    {
        if (rule is null) return;
        var mode = rule.Mode;
        if (mode is not ("automatic" or "custom" or "hierarchical"))
            throw new ArgumentException($"{paramName}.Mode must be automatic, custom or hierarchical (got '{mode}'): use automatic unless you set Rules.", paramName + ".Mode");
        if (mode != "automatic" && rule.Rules is null)
            throw new ArgumentException($"{paramName}.Rules is required with mode '{mode}': set Rules.Segmentation (and PreProcessingRules), or use mode automatic.", paramName + ".Rules");
    }

    /// <summary>Checks retrieval settings when given: the search method and a score threshold in 0..1.</summary>
    public static void RetrievalModel(DifyRetrievalModel? model, string paramName)
    {
        if (model is null) return;
        if (model.SearchMethod is not ("keyword_search" or "semantic_search" or "full_text_search" or "hybrid_search"))
            throw new ArgumentException($"{paramName}.SearchMethod must be keyword_search, semantic_search, full_text_search or hybrid_search (got '{model.SearchMethod}').", paramName + ".SearchMethod");
        if (model.TopK < 1)
            throw new ArgumentOutOfRangeException(paramName + ".TopK", model.TopK, $"{paramName}.TopK must be at least 1 (Dify's console uses 3 to 10).");
        if (model.ScoreThreshold is { } t && (double.IsNaN(t) || t < 0 || t > 1))
            throw new ArgumentOutOfRangeException(paramName + ".ScoreThreshold", t, $"{paramName}.ScoreThreshold is a similarity between 0 and 1 (e.g. 0.5), or null.");
    }

    /// <summary>Checks the indexing technique when given.</summary>
    public static void IndexingTechnique(string? technique, string paramName)
    {
        if (technique is null or "high_quality" or "economy") return;
        throw new ArgumentException($"{paramName} must be high_quality or economy (got '{technique}'), or null to keep the dataset's.", paramName);
    }
}
