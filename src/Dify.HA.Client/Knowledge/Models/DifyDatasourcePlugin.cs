using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A datasource node of a dataset's RAG pipeline.</summary>
public sealed record DifyDatasourcePlugin
{
    /// <summary>The node id (for <c>RunDatasourceNodeAsync</c> and <c>StartNodeId</c>).</summary>
    public string? NodeId { get; init; }

    /// <summary>The plugin.</summary>
    public string? PluginId { get; init; }

    /// <summary>The provider.</summary>
    public string? ProviderName { get; init; }

    /// <summary><c>local_file</c>, <c>online_document</c>, <c>website_crawl</c> or <c>online_drive</c>.</summary>
    public string? DatasourceType { get; init; }

    /// <summary>The node title.</summary>
    public string? Title { get; init; }

    /// <summary>The node's input variables, as sent.</summary>
    public IReadOnlyList<JsonElement>? UserInputVariables { get; init; }

    /// <summary>Credentials usable with it.</summary>
    public IReadOnlyList<DifyDatasourceCredential>? Credentials { get; init; }
}
