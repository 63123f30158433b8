namespace Dify.HA.Client;

/// <summary>A status change of <c>PATCH /datasets/{dataset_id}/documents/status/{action}</c>.</summary>
public enum DifyDocumentStatusAction
{
    /// <summary><c>enable</c>: use the documents in retrieval.</summary>
    Enable,

    /// <summary><c>disable</c>: leave them out of retrieval.</summary>
    Disable,

    /// <summary><c>archive</c>.</summary>
    Archive,

    /// <summary><c>un_archive</c>.</summary>
    Unarchive,
}
