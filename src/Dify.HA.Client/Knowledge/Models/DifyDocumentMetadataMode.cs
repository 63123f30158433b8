namespace Dify.HA.Client;

/// <summary>How much metadata <c>Documents.GetAsync</c> asks for (<c>metadata</c> query parameter).</summary>
public enum DifyDocumentMetadataMode
{
    /// <summary><c>all</c> (Dify's default): the document and its metadata.</summary>
    All,

    /// <summary><c>only</c>: only the id and metadata.</summary>
    Only,

    /// <summary><c>without</c>: the document without metadata.</summary>
    Without,
}
