using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.HA.Chaos.Load;

namespace Dify.HA.Chaos.Clients;

/// <summary>
/// The calls as a team without our SDK writes them: JSON bodies by hand, SSE read line by line, a call counts as
/// complete when its terminal event (message_end, or workflow_finished with status succeeded) arrives. Shared by the
/// plain, standard and hedging clients so that only the HttpClient pipeline differs between them.
/// </summary>
internal static class RawDifyCalls
{
    public static async Task<bool> CallAsync(HttpClient http, Uri baseUrl, CallKind kind, string query, string user, CallContext context, CancellationToken cancellationToken)
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

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, workflow ? "v1/workflows/run" : "v1/chat-messages"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", workflow ? ChaosEndpoints.WorkflowKey : ChaosEndpoints.ChatKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
                var name = doc.RootElement.TryGetProperty("event", out var e) ? e.GetString() : null;
                switch (name)
                {
                    case null or "ping":
                        continue;
                    case "error":
                        return false;
                    case "message_end":
                        return true;
                    case "workflow_finished":
                        return doc.RootElement.GetProperty("data").GetProperty("status").GetString() == "succeeded";
                    default:
                        context.OnFirstEvent();
                        break;
                }
            }

            // End of stream without a terminal event: the stream was cut.
            return false;
        }
    }
}
