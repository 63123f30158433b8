using System.Net.Http.Headers;
using Dify.HA.Client.Api;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The multipart body of the document and pipeline file calls: <c>file</c> and an optional <c>data</c> JSON string,
/// as a factory so that a seekable upload can be re-sent (a fresh content per attempt).</summary>
internal static class KnowledgeMultipart
{
    public static (Func<HttpContent> Factory, bool Replayable) Build(
        Stream? content, string? fileName, string contentType, byte[]? data, long maxBytes)
    {
        var start = content is { CanSeek: true } ? content.Position : 0;
        var used = false;
        return (() =>
        {
            var form = new MultipartFormDataContent();
            if (content is not null)
            {
                if (!content.CanSeek && used)
                    throw new InvalidOperationException("The upload stream cannot be read twice (it is not seekable): pass a seekable stream to allow re-sending.");
                used = true;
                if (content.CanSeek) content.Position = start;
                var file = new UploadStreamContent(content, maxBytes, progress: null);
                file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                form.Add(file, "file", fileName!);
            }
            if (data is not null) form.Add(new ByteArrayContent(data), "data");
            return form;
        }, content is null || content.CanSeek);
    }
}
