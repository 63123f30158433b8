using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>Plain HttpClient helpers for the Knowledge API (dataset key <c>dataset-test</c>).</summary>
internal static class KnowledgeHttp
{
    public const string Key = "dataset-test";

    public static HttpClient Client(DifyEmulator emulator, string key = Key) => Http.Client(emulator, key);

    public static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = Http.Json(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> ExpectAsync(HttpClient client, HttpMethod method, string path, JsonNode? body, int status)
    {
        var (actual, json) = await SendAsync(client, method, path, body);
        Assert.True(actual == status, $"{method} {path}: expected {status}, got {actual} {json?.ToJsonString()}");
        return json ?? new JsonObject();
    }

    public static async Task ExpectNoContentAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null)
    {
        var (actual, json) = await SendAsync(client, method, path, body);
        Assert.True(actual == (int)HttpStatusCode.NoContent, $"{method} {path}: expected 204, got {actual} {json?.ToJsonString()}");
    }

    public static async Task<string> CreateDatasetAsync(HttpClient client, string name, string? technique = "high_quality")
    {
        var body = new JsonObject { ["name"] = name };
        if (technique is not null)
            body["indexing_technique"] = technique;
        var dataset = await ExpectAsync(client, HttpMethod.Post, "datasets", body, 200);
        return dataset["id"]!.GetValue<string>();
    }

    /// <summary>Creates a document by text; returns (document id, batch).</summary>
    public static async Task<(string Id, string Batch)> CreateTextDocumentAsync(HttpClient client, string datasetId, string name, string text, JsonObject? extra = null)
    {
        var body = new JsonObject { ["name"] = name, ["text"] = text, ["indexing_technique"] = "high_quality", ["process_rule"] = new JsonObject { ["mode"] = "automatic" } };
        foreach (var (k, v) in extra ?? [])
            body[k] = v?.DeepClone();
        var created = await ExpectAsync(client, HttpMethod.Post, $"datasets/{datasetId}/document/create-by-text", body, 200);
        return (created["document"]!["id"]!.GetValue<string>(), created["batch"]!.GetValue<string>());
    }

    public static MultipartFormDataContent FileForm(string fileName, string content, JsonObject? data = null, string mime = "text/plain")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue(mime);
        form.Add(file, "file", fileName);
        if (data is not null)
            form.Add(new StringContent(data.ToJsonString()), "data");
        return form;
    }

    public static async Task<JsonNode> SendFormAsync(HttpClient client, HttpMethod method, string path, MultipartFormDataContent form, int status)
    {
        using var request = new HttpRequestMessage(method, path) { Content = form };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
