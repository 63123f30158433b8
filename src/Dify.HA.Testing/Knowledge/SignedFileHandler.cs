using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// Serves the signed file URLs (<c>/files/{id}/file-preview?timestamp=…&amp;sign=…</c>, at the root like Dify's
/// FILES_URL, no key) that document download and uploads hand out: the file body with its type and name.
/// </summary>
internal static class SignedFileHandler
{
    public static async Task<bool> TryServeAsync(HttpContext http, EmulatorContext context, string path)
    {
        var parts = path.Trim('/').Split('/');
        if (parts.Length != 3 || parts[0] != "files" || parts[2] != "file-preview" || !Guid.TryParse(parts[1], out var id))
            return false;
        StoredFile? file = context.Store.Knowledge.Files.TryGetValue(id, out var k) ? k : context.Store.Files.TryGetValue(id, out var a) ? a : null;
        if (file is null || !http.Request.Query.ContainsKey("sign"))
            return false;
        http.Response.StatusCode = 200;
        http.Response.ContentType = file.MimeType;
        http.Response.ContentLength = file.Content.Length;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.Name}\"";
        await http.Response.Body.WriteAsync(file.Content, http.RequestAborted).ConfigureAwait(false);
        return true;
    }
}
