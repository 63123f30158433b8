namespace Dify.HA.Client;

/// <summary>A file passed to a chat, completion or workflow run (or as the value of a file input variable).</summary>
public sealed record DifyInputFile
{
    /// <summary>The file's kind.</summary>
    public required DifyFileType Type { get; init; }

    /// <summary>How Dify gets the file.</summary>
    public required DifyFileTransferMethod TransferMethod { get; init; }

    /// <summary>The file's URL when <see cref="TransferMethod"/> is <see cref="DifyFileTransferMethod.RemoteUrl"/>.</summary>
    public Uri? Url { get; init; }

    /// <summary>The id of an uploaded file when <see cref="TransferMethod"/> is <see cref="DifyFileTransferMethod.LocalFile"/>.</summary>
    public string? UploadFileId { get; init; }

    /// <summary>A file uploaded earlier with <c>Files.UploadAsync</c>.</summary>
    /// <param name="uploadFileId">The <see cref="DifyUploadedFile.Id"/> of the upload.</param>
    /// <param name="type">The file's kind.</param>
    public static DifyInputFile FromUpload(string uploadFileId, DifyFileType type)
        => new() { Type = type, TransferMethod = DifyFileTransferMethod.LocalFile, UploadFileId = uploadFileId };

    /// <summary>A file Dify downloads from a URL.</summary>
    /// <param name="url">An absolute http(s) URL Dify can reach.</param>
    /// <param name="type">The file's kind.</param>
    public static DifyInputFile FromUrl(Uri url, DifyFileType type)
        => new() { Type = type, TransferMethod = DifyFileTransferMethod.RemoteUrl, Url = url };
}
