namespace Dify.HA.Client;

/// <summary>The body of a datasource node run (<c>Pipeline.RunDatasourceNodeAsync</c>).</summary>
public sealed record DatasourceNodeRunRequest
{
    /// <summary>The node's inputs (values as for app inputs).</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>();

    /// <summary><c>online_document</c>, <c>local_file</c>, <c>website_crawl</c> or <c>online_drive</c> (required).</summary>
    public string? DatasourceType { get; init; }

    /// <summary>The credential to use.</summary>
    public string? CredentialId { get; init; }

    /// <summary>Run the published pipeline (true) or the draft.</summary>
    public bool IsPublished { get; init; }
}
