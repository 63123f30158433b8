namespace Dify.HA.Client;

/// <summary>A file attached to a message of the history.</summary>
public sealed record DifyMessageAttachment
{
    /// <summary>The file's id.</summary>
    public string? Id { get; init; }

    /// <summary>The original file name.</summary>
    public string? Filename { get; init; }

    /// <summary>The file's kind, e.g. <c>image</c>.</summary>
    public string? Type { get; init; }

    /// <summary>A preview URL.</summary>
    public string? Url { get; init; }

    /// <summary>The MIME type.</summary>
    public string? MimeType { get; init; }

    /// <summary>The size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary><c>remote_url</c>, <c>local_file</c> or <c>tool_file</c>.</summary>
    public string? TransferMethod { get; init; }

    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    public string? BelongsTo { get; init; }

    /// <summary>The upload's id for <c>local_file</c> files.</summary>
    public string? UploadFileId { get; init; }
}
