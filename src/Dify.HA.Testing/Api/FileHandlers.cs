using System.Text.Json.Nodes;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Api;

/// <summary>File upload and preview, speech to text and text to speech.</summary>
internal static class FileHandlers
{
    private static readonly HashSet<string> BlockedExtensions = new(StringComparer.OrdinalIgnoreCase) { "exe", "bat", "cmd", "com", "sh", "ps1", "msi", "dll", "scr" };
    private static readonly HashSet<string> AudioExtensions = new(StringComparer.OrdinalIgnoreCase) { "mp3", "mp4", "mpeg", "mpga", "m4a", "wav", "webm", "amr" };
    private const long MaxAudioBytes = 30L * 1024 * 1024;

    public static async Task UploadAsync(RequestScope scope)
    {
        var (file, form) = await SingleFileAsync(scope, "no_file_uploaded", "Please upload your file.").ConfigureAwait(false);
        if (string.IsNullOrEmpty(file.FileName))
            throw new DifyApiError(400, "filename_not_exists_error", "The specified filename does not exist.");
        var extension = Path.GetExtension(file.FileName).TrimStart('.');
        if (BlockedExtensions.Contains(extension))
            throw DifyApiError.InvalidParam($"File extension '.{extension}' is not allowed for security reasons");
        if (file.Length > scope.Context.Options.MaxUploadBytes)
            throw new DifyApiError(413, "file_too_large", $"File size exceeded. {file.Length} > {scope.Context.Options.MaxUploadBytes}");

        var user = form["user"].Count > 0 && !string.IsNullOrEmpty(form["user"][0]) ? form["user"][0]! : "DEFAULT-USER";
        var now = scope.Context.Now;
        var endUser = scope.Context.Store.GetOrAddEndUser(scope.App, user, now);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, scope.Http.RequestAborted).ConfigureAwait(false);
        var stored = new StoredFile
        {
            Id = Guid.NewGuid(),
            AppId = scope.App.AppId,
            EndUserId = endUser.Id,
            Name = Path.GetFileName(file.FileName),
            Extension = extension.ToLowerInvariant(),
            MimeType = string.IsNullOrEmpty(file.ContentType) || file.ContentType == "application/octet-stream" ? GuessMime(extension) : file.ContentType,
            Content = buffer.ToArray(),
            CreatedAt = now,
        };
        scope.Context.Store.Files[stored.Id] = stored;
        var root = $"{scope.Http.Request.Scheme}://{scope.Http.Request.Host}";
        var timestamp = EmulatorJson.Unix(now);
        await HttpAnswers.JsonAsync(scope.Http, 201, new JsonObject
        {
            ["id"] = stored.Id.ToString(),
            ["reference"] = null,
            ["name"] = stored.Name,
            ["size"] = stored.Content.Length,
            ["extension"] = stored.Extension,
            ["mime_type"] = stored.MimeType,
            ["created_by"] = endUser.Id.ToString(),
            ["created_at"] = timestamp,
            ["preview_url"] = null,
            ["source_url"] = $"{root}/files/{stored.Id}/file-preview?timestamp={timestamp}&nonce=emulator&sign=emulator",
            ["original_url"] = null,
            ["user_id"] = null,
            ["tenant_id"] = TenantId(scope).ToString(),
            ["conversation_id"] = null,
            ["file_key"] = null,
        }).ConfigureAwait(false);
    }

    public static async Task PreviewAsync(RequestScope scope)
    {
        if (RequestScope.ParseGuid(scope.Route("file_id")) is not { } id || !scope.Context.Store.Files.TryGetValue(id, out var file))
            throw new DifyApiError(404, "file_not_found", "The requested file was not found.");
        if (file.AppId != scope.App.AppId)
            throw new DifyApiError(403, "file_access_denied", "Access to the requested file is denied.");
        var http = scope.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = file.MimeType;
        http.Response.ContentLength = file.Content.Length;
        var attachment = string.Equals(scope.Query("as_attachment"), "true", StringComparison.OrdinalIgnoreCase);
        http.Response.Headers.ContentDisposition = (attachment ? "attachment" : "inline") + $"; filename=\"{file.Name}\"";
        await http.Response.Body.WriteAsync(file.Content, http.RequestAborted).ConfigureAwait(false);
    }

    public static async Task AudioToTextAsync(RequestScope scope)
    {
        var (file, _) = await SingleFileAsync(scope, "no_audio_uploaded", "Please upload your audio.").ConfigureAwait(false);
        var extension = Path.GetExtension(file.FileName).TrimStart('.');
        var audioMime = file.ContentType?.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true;
        if (!AudioExtensions.Contains(extension) && !audioMime)
            throw new DifyApiError(415, "unsupported_audio_type", "Audio type not allowed.");
        if (file.Length > MaxAudioBytes)
            throw new DifyApiError(413, "audio_too_large", "Audio size larger than 30 mb");
        var text = $"Transcribed {file.Length} bytes of {Path.GetFileName(file.FileName)}.";
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["text"] = text }).ConfigureAwait(false);
    }

    public static async Task TextToAudioAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var text = RequestScope.String(body, "text");
        if (RequestScope.String(body, "message_id") is { Length: > 0 } messageId)
        {
            if (RequestScope.ParseGuid(messageId) is not { } id || !scope.Context.Store.Messages.TryGetValue(id, out var message) || message.AppId != scope.App.AppId)
                throw DifyApiError.MessageNotExists();
            lock (scope.Context.Store.Gate)
            {
                text = message.Answer;
            }
        }

        if (string.IsNullOrEmpty(text))
            throw DifyApiError.InvalidParam("text or message_id is required");

        // A recognisable MPEG stream: an ID3 tag, then silent MPEG-1 Layer III frames, length growing with the text.
        var frames = Math.Max(1, text.Length / 10);
        var audio = new byte[10 + (frames * 417)];
        "ID3"u8.CopyTo(audio);
        audio[3] = 4;
        for (var f = 0; f < frames; f++)
        {
            var at = 10 + (f * 417);
            audio[at] = 0xFF;
            audio[at + 1] = 0xFB;
            audio[at + 2] = 0x90;
            audio[at + 3] = 0x64;
        }

        var http = scope.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = "audio/mpeg";
        http.Response.ContentLength = audio.Length;
        await http.Response.Body.WriteAsync(audio, http.RequestAborted).ConfigureAwait(false);
    }

    internal static Guid TenantId(RequestScope scope) => EmulatorApp.DeterministicGuid("tenant:" + scope.Context.Store.Name);

    private static async Task<(IFormFile File, IFormCollection Form)> SingleFileAsync(RequestScope scope, string noFileCode, string noFileMessage)
    {
        if (!scope.Http.Request.HasFormContentType)
            throw new DifyApiError(400, noFileCode, noFileMessage);
        IFormCollection form;
        try
        {
            form = await scope.Http.Request.ReadFormAsync(scope.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            throw new DifyApiError(400, noFileCode, noFileMessage);
        }
        catch (IOException)
        {
            throw new DifyApiError(400, noFileCode, noFileMessage);
        }

        if (form.Files.Count == 0)
            throw new DifyApiError(400, noFileCode, noFileMessage);
        if (form.Files.Count > 1)
            throw new DifyApiError(400, "too_many_files", "Only one file is allowed.");
        return (form.Files[0], form);
    }

    private static string GuessMime(string extension) => extension.ToLowerInvariant() switch
    {
        "png" => "image/png",
        "jpg" or "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "csv" => "text/csv",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    };
}
