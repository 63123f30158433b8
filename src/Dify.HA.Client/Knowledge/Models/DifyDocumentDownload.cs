namespace Dify.HA.Client;

/// <summary>A signed download URL of a document's original file.</summary>
public sealed record DifyDocumentDownload
{
    /// <summary>The URL (short-lived).</summary>
    public string? Url { get; init; }
}
