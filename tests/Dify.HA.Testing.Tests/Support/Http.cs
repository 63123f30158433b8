using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Tests.Support;

/// <summary>Plain HttpClient helpers: the emulator is tested on the wire, without the SDK's client.</summary>
internal static class Http
{
    public static HttpClient Client(DifyEmulator emulator, string? key = "app-chat", TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(emulator.BaseUrl + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonNode body, bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        return client.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    public static async Task<JsonObject> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonObject> PostJsonAsync(HttpClient client, string path, JsonNode body, int expectedStatus = 200)
    {
        using var response = await PostAsync(client, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path, int expectedStatus = 200)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static JsonObject ChatBody(string query, string user = "tester", bool streaming = false, string? conversationId = null)
    {
        var body = new JsonObject { ["inputs"] = new JsonObject(), ["query"] = query, ["user"] = user };
        if (streaming)
            body["response_mode"] = "streaming";
        if (conversationId is not null)
            body["conversation_id"] = conversationId;
        return body;
    }

    public static JsonObject WorkflowBody(JsonObject inputs, string user = "tester", bool streaming = false) => new()
    {
        ["inputs"] = inputs,
        ["user"] = user,
        ["response_mode"] = streaming ? "streaming" : "blocking",
    };

    /// <summary>Polls a condition every 10 ms until it holds or the deadline passes.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }
}
