using System.Net.Http.Headers;

namespace Dify.HA.Client.Api;

/// <summary>Builds the multipart bodies of file and audio uploads, as a factory so a seekable upload can be re-sent.</summary>
internal static class DifyMultipart
{
    public static (Func<HttpContent> Factory, bool Replayable) File(
        Stream content, string fileName, string contentType, string? user, long maxBytes, IProgress<long>? progress)
    {
        var start = content.CanSeek ? content.Position : 0;
        var used = false;
        return (() =>
        {
            if (!content.CanSeek && used)
                throw new InvalidOperationException("The upload stream cannot be read twice (it is not seekable): pass a seekable stream to allow re-sending.");
            used = true;
            if (content.CanSeek) content.Position = start;
            var file = new UploadStreamContent(content, maxBytes, progress);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            var form = new MultipartFormDataContent();
            form.Add(file, "file", fileName);
            if (user is not null) form.Add(new StringContent(user), "user");
            return form;
        }, content.CanSeek);
    }

    /// <summary>Rejects a seekable stream over the limit, before anything is sent.</summary>
    public static void CheckSize(Stream content, long maxBytes, string paramName)
    {
        if (!content.CanRead)
            throw new ArgumentException("The stream cannot be read: pass an open, readable stream.", paramName);
        if (!content.CanSeek) return;
        var size = content.Length - content.Position;
        if (size > maxBytes)
            throw new ArgumentException(
                $"The file is {size} bytes, over DifyClientOptions.MaxUploadBytes ({maxBytes} bytes): send a smaller file, or raise " +
                "Dify:Clients:<name>:MaxUploadBytes if your Dify's UPLOAD_FILE_SIZE_LIMIT allows it.", paramName);
        if (size == 0)
            throw new ArgumentException("The stream is empty (at its end?): rewind it (Position = 0) or pass a stream with the file's bytes.", paramName);
    }

    public static string FileName(string? fileName, string paramName)
    {
        var name = DifyArgument.NotBlank(fileName, paramName, "pass the file's name with its extension, e.g. report.pdf (Dify derives the file type from it).");
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            throw new ArgumentException($"{paramName} must be a bare file name without '/' or '\\': pass Path.GetFileName(path).", paramName);
        return name;
    }
}
