using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Hosting;

/// <summary>
/// One authenticated request: the HTTP context, the instance, the app the key names (none for a Knowledge API request,
/// which is authenticated by a dataset key) and the route values.
/// </summary>
internal sealed class RequestScope(HttpContext http, EmulatorContext context, EmulatorApp? app, IReadOnlyDictionary<string, string> routeValues)
{
    private JsonObject? _body;

    public HttpContext Http { get; } = http;

    public EmulatorContext Context { get; } = context;

    public EmulatorApp App => app ?? throw new InvalidOperationException("A Knowledge API request has no app.");

    public string Route(string name) => routeValues[name];

    public string? Query(string name)
    {
        var value = Http.Request.Query[name];
        return value.Count == 0 ? null : value[0];
    }

    /// <summary>The JSON body as an object (an empty object when there is no body); 400 bad_request when it is not JSON.</summary>
    public async Task<JsonObject> BodyAsync()
    {
        if (_body is not null)
            return _body;
        using var reader = new StreamReader(Http.Request.Body);
        var text = await reader.ReadToEndAsync(Http.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
            return _body = [];
        try
        {
            return _body = JsonNode.Parse(text) as JsonObject ?? throw DifyApiError.BadJson();
        }
        catch (JsonException)
        {
            throw DifyApiError.BadJson();
        }
    }

    public static string? String(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The <c>user</c> of a JSON body; 400 invalid_param "Arg user must be provided." when missing, as Dify answers.</summary>
    public static string RequireUser(JsonObject body) =>
        String(body, "user") is { Length: > 0 } user ? user : throw DifyApiError.UserRequired();

    public string RequireQueryUser() => Query("user") is { Length: > 0 } user ? user : throw DifyApiError.UserRequired();

    /// <summary>An integer query parameter within a range, or its default; 400 invalid_param otherwise.</summary>
    public int IntQuery(string name, int fallback, int min, int max)
    {
        var text = Query(name);
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw DifyApiError.InvalidParam($"{name}: must be an integer between {min} and {max}.");
        return value;
    }

    public static Guid? ParseGuid(string? text) => Guid.TryParse(text, out var id) ? id : null;
}
