namespace Dify.HA.Client;

/// <summary>A file produced during a message (the <c>files</c> array of <c>message_end</c>).</summary>
public sealed record DifyMessageFile
{
    /// <summary>Id of the message file record.</summary>
    public string? RelatedId { get; init; }

    /// <summary>File type, e.g. <c>image</c>.</summary>
    public string? Type { get; init; }

    /// <summary>File name.</summary>
    public string? Filename { get; init; }

    /// <summary>File extension including the leading dot, e.g. <c>.png</c>.</summary>
    public string? Extension { get; init; }

    /// <summary>MIME type.</summary>
    public string? MimeType { get; init; }

    /// <summary>Size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary><c>remote_url</c>, <c>local_file</c> or <c>tool_file</c>.</summary>
    public string? TransferMethod { get; init; }

    /// <summary>URL where the file can be fetched.</summary>
    public string? Url { get; init; }

    /// <summary>Id of the uploaded file, when the file was uploaded.</summary>
    public string? UploadFileId { get; init; }

    /// <summary>Original remote URL when the file was given by URL.</summary>
    public string? RemoteUrl { get; init; }
}
