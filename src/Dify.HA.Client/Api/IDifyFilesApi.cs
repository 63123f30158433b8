namespace Dify.HA.Client;

/// <summary>Files: upload for use in messages and runs, download.</summary>
public interface IDifyFilesApi
{
    /// <summary>Uploads a file (<c>uploadChatFile</c>, multipart). The stream is read from its current position; a seekable
    /// stream larger than <see cref="DifyClientOptions.MaxUploadBytes"/> is rejected before sending.</summary>
    /// <param name="content">The file's bytes. Not disposed.</param>
    /// <param name="fileName">The file name with its extension (Dify derives the type from it); no '/' or '\'.</param>
    /// <param name="contentType">The MIME type. Default: <c>application/octet-stream</c>.</param>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>, or none.</param>
    /// <param name="progress">Receives the number of bytes sent so far, if given.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The uploaded file; pass its id to <see cref="DifyInputFile.FromUpload"/>.</returns>
    Task<DifyUploadedFile> UploadAsync(Stream content, string fileName, string? contentType = null, string? user = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Downloads an uploaded file (<c>previewChatFile</c>). Dispose the result.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="asAttachment">Ask for <c>Content-Disposition: attachment</c>. Default false.</param>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file's bytes as a stream, with its type and name.</returns>
    Task<DifyBinaryContent> PreviewAsync(string fileId, bool asAttachment = false, string? user = null, CancellationToken cancellationToken = default);
}
