using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.HA.Demo.Clients;

/// <summary>
/// What a team writes without Dify.HA: one HttpClient on one base URL (the primary region), JSON by hand, SSE read line
/// by line, no retries, no second region. A call succeeds when its terminal event arrives (message_end, or
/// workflow_finished with status succeeded), judged exactly as for the HA client.
/// </summary>
internal sealed class PlainHttpBaseline : IDemoClient
{
    private readonly HttpClient _http;
    private readonly string _chatKey;
    private readonly string? _workflowKey;

    public PlainHttpBaseline(Uri baseUrl, string chatKey, string? workflowKey)
    {
        // The base URL ends with /v1; a trailing slash makes relative paths append to it.
        _http = new HttpClient { BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        _chatKey = chatKey;
        _workflowKey = workflowKey;
    }

    public string Name => "plain";

    public async Task<bool> CallAsync(CallKind kind, string query, string user, CancellationToken cancellationToken)
    {
        var streaming = kind != CallKind.BlockingChat;
        var workflow = kind == CallKind.StreamingWorkflow;
        var body = new JsonObject
        {
            ["inputs"] = workflow ? new JsonObject { ["query"] = query } : new JsonObject(),
            ["response_mode"] = streaming ? "streaming" : "blocking",
            ["user"] = user,
        };
        if (!workflow)
            body["query"] = query;

        using var request = new HttpRequestMessage(HttpMethod.Post, workflow ? "workflows/run" : "chat-messages")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", workflow ? _workflowKey : _chatKey);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return false;

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (!streaming)
            {
                using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return doc.RootElement.TryGetProperty("answer", out var answer) && answer.ValueKind == JsonValueKind.String;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                    continue;
                using var doc = JsonDocument.Parse(line.AsMemory(5));
                switch (doc.RootElement.TryGetProperty("event", out var e) ? e.GetString() : null)
                {
                    case "error":
                        return false;
                    case "message_end":
                        return true;
                    case "workflow_finished":
                        return doc.RootElement.GetProperty("data").GetProperty("status").GetString() == "succeeded";
                }
            }

            return false; // the stream ended without its terminal event: cut
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
