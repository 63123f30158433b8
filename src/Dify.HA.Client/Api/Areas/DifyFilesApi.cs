using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyFilesApi : IDifyFilesApi
{
    private readonly DifyApiCore _core;

    public DifyFilesApi(DifyApiCore core) => _core = core;

    public Task<DifyUploadedFile> UploadAsync(Stream content, string fileName, string? contentType = null, string? user = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = DifyMultipart.FileName(fileName, nameof(fileName));
        DifyMultipart.CheckSize(content, _core.Options.MaxUploadBytes, nameof(content));
        var type = ContentType(contentType, nameof(contentType)) ?? "application/octet-stream";
        var u = DifyArgument.OptionalUser(user, _core.Options, nameof(user));
        var (factory, replayable) = DifyMultipart.File(content, name, type, u, _core.Options.MaxUploadBytes, progress);
        var request = _core.Request("uploadChatFile", HttpMethod.Post, "files/upload", DifyOperationKind.Write) with
        {
            ContentFactory = factory,
            IsReplayable = replayable,
        };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyUploadedFile, cancellationToken);
    }

    public Task<DifyBinaryContent> PreviewAsync(string fileId, bool asAttachment = false, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(fileId, nameof(fileId), "uploaded file");
        var u = DifyArgument.OptionalUser(user, _core.Options, nameof(user));
        var path = DifyPath.WithQuery($"files/{DifyPath.Segment(id)}/preview", ("as_attachment", asAttachment ? "true" : null), ("user", u));
        var request = _core.Request("previewChatFile", HttpMethod.Get, path, DifyOperationKind.Read) with { Streaming = true };
        return _core.SendForContentAsync(request, cancellationToken);
    }

    internal static string? ContentType(string? contentType, string paramName)
    {
        if (contentType is null) return null;
        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out _))
            throw new ArgumentException($"{paramName} '{contentType}' is not a MIME type: pass e.g. image/png or application/pdf, or null.", paramName);
        return contentType;
    }
}
