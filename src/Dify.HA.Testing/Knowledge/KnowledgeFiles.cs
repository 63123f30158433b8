using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Multipart uploads of the Knowledge API (documents by file, the pipeline's file upload) and their text.</summary>
internal static class KnowledgeFiles
{
    /// <summary>The document extensions Dify's ETL accepts by default; others answer 415 unsupported_file_type.</summary>
    private static readonly HashSet<string> DocumentExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "txt", "markdown", "md", "mdx", "pdf", "html", "htm", "xlsx", "xls", "docx", "csv", "vtt", "properties", "eml", "msg", "pptx", "ppt", "xml", "epub", "json",
    };

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "txt", "markdown", "md", "mdx", "html", "htm", "csv", "vtt", "properties", "xml", "json",
    };

    /// <summary>Reads a multipart body with one <c>file</c> (required when <paramref name="fileRequired"/>) and a JSON <c>data</c> field.</summary>
    public static async Task<(StoredFile? File, JsonObject Data)> ReadAsync(RequestScope scope, bool fileRequired)
    {
        if (!scope.Http.Request.HasFormContentType)
        {
            if (fileRequired)
                throw new DifyApiError(400, "no_file_uploaded", "Please upload your file.");
            return (null, []);
        }

        IFormCollection form;
        try
        {
            form = await scope.Http.Request.ReadFormAsync(scope.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new DifyApiError(400, "no_file_uploaded", "Please upload your file.");
        }

        var data = new JsonObject();
        if (form["data"].Count > 0 && !string.IsNullOrWhiteSpace(form["data"][0]))
        {
            try
            {
                data = JsonNode.Parse(form["data"][0]!) as JsonObject ?? throw DifyApiError.InvalidParam("data: must be a JSON object.");
            }
            catch (JsonException)
            {
                throw DifyApiError.InvalidParam("data: must be a JSON object.");
            }
        }

        if (form.Files.Count == 0)
        {
            if (fileRequired)
                throw new DifyApiError(400, "no_file_uploaded", "Please upload your file.");
            return (null, data);
        }

        if (form.Files.Count > 1)
            throw new DifyApiError(400, "too_many_files", "Only one file is allowed.");
        return (await StoreAsync(scope, form.Files[0]).ConfigureAwait(false), data);
    }

    public static async Task<StoredFile> StoreAsync(RequestScope scope, IFormFile file)
    {
        if (string.IsNullOrEmpty(file.FileName))
            throw new DifyApiError(400, "filename_not_exists_error", "The specified filename does not exist.");
        var extension = Path.GetExtension(file.FileName).TrimStart('.').ToLowerInvariant();
        if (!DocumentExtensions.Contains(extension))
            throw new DifyApiError(415, "unsupported_file_type", "File type not allowed.");
        if (file.Length > scope.Context.Options.MaxUploadBytes)
            throw new DifyApiError(413, "file_too_large", $"File size exceeded. {file.Length} > {scope.Context.Options.MaxUploadBytes}");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, scope.Http.RequestAborted).ConfigureAwait(false);
        var stored = new StoredFile
        {
            Id = Guid.NewGuid(),
            AppId = Guid.Empty,
            EndUserId = KnowledgeRequest.Account(scope),
            Name = Path.GetFileName(file.FileName),
            Extension = extension,
            MimeType = string.IsNullOrEmpty(file.ContentType) || file.ContentType == "application/octet-stream" ? MimeOf(extension) : file.ContentType,
            Content = buffer.ToArray(),
            CreatedAt = scope.Context.Now,
        };
        KnowledgeRequest.Store(scope).Files[stored.Id] = stored;
        return stored;
    }

    /// <summary>A text document is stored as a .txt upload, as Dify does for create-by-text.</summary>
    public static StoredFile StoreText(RequestScope scope, string name, string text)
    {
        var stored = new StoredFile
        {
            Id = Guid.NewGuid(),
            AppId = Guid.Empty,
            EndUserId = KnowledgeRequest.Account(scope),
            Name = name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? name : name + ".txt",
            Extension = "txt",
            MimeType = "text/plain",
            Content = Encoding.UTF8.GetBytes(text),
            CreatedAt = scope.Context.Now,
        };
        KnowledgeRequest.Store(scope).Files[stored.Id] = stored;
        return stored;
    }

    /// <summary>The text the emulator indexes: the content of text formats, a stand-in sentence for binary ones.</summary>
    public static string TextOf(StoredFile file)
    {
        if (TextExtensions.Contains(file.Extension))
            return Encoding.UTF8.GetString(file.Content);
        var marker = Encoding.UTF8.GetString(file.Content).Contains(IndexingClock.ErrorMarker, StringComparison.Ordinal) ? " " + IndexingClock.ErrorMarker : string.Empty;
        return $"Extracted text of {file.Name} ({file.Content.Length} bytes).{marker}";
    }

    public static string SignedUrl(RequestScope scope, StoredFile file)
    {
        var timestamp = EmulatorJson.Unix(scope.Context.Now);
        return $"{scope.Http.Request.Scheme}://{scope.Http.Request.Host}/files/{file.Id}/file-preview?timestamp={timestamp}&nonce=emulator&sign=emulator";
    }

    private static string MimeOf(string extension) => extension switch
    {
        "txt" => "text/plain",
        "md" or "markdown" or "mdx" => "text/markdown",
        "pdf" => "application/pdf",
        "html" or "htm" => "text/html",
        "csv" => "text/csv",
        "json" => "application/json",
        "xml" => "application/xml",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    };
}
