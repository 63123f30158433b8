using System.Text;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Hosting;

/// <summary>Writes JSON answers and Dify error envelopes.</summary>
internal static class HttpAnswers
{
    public static async Task JsonAsync(HttpContext http, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(EmulatorJson.Options));
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    public static Task SuccessAsync(HttpContext http) => JsonAsync(http, 200, new JsonObject { ["result"] = "success" });

    public static Task NoContent(HttpContext http)
    {
        http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>Dify's error envelope: <c>{"code","message","status"}</c>.</summary>
    public static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        var body = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status };
        return JsonAsync(http, status, body);
    }

    public static Task ErrorAsync(HttpContext http, DifyApiError error) => ErrorAsync(http, error.Status, error.Code, error.Message);

    /// <summary>The HTML page nginx answers for 502/503/504 when the API behind it is down.</summary>
    public static async Task ProxyPageAsync(HttpContext http, int status)
    {
        var reason = status switch { 502 => "Bad Gateway", 503 => "Service Temporarily Unavailable", 504 => "Gateway Time-out", _ => "Error" };
        var html = $"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        var bytes = Encoding.UTF8.GetBytes(html);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    public static string CodeForStatus(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "request_entity_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        500 => "internal_server_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        _ => "unknown",
    };
}
