using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>
/// A transport that answers each Knowledge API call with the spec's own success example for its operationId, and checks
/// that the call used the spec's method and path. Streams get a one-event SSE body.
/// </summary>
internal sealed class SpecExampleTransport : IDifyTransport
{
    private readonly Dictionary<string, (string Method, string Path, Regex Pattern)> _operations = new(StringComparer.Ordinal);
    private readonly JsonObject _examples;

    public SpecExampleTransport()
    {
        var spec = KnowledgeSpec.Load();
        foreach (var (operationId, (method, path)) in KnowledgeSpec.Operations(spec))
            _operations[operationId] = (method, path, new Regex("^" + Regex.Replace(path, @"\{[^}]+\}", "[^/?]+") + @"(\?.*)?$", RegexOptions.CultureInvariant));
        _examples = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contract", "fixtures", "openapi_service_examples.dify-docs.json")))!.AsObject();
    }

    public List<DifyRequest> Requests { get; } = [];

    public List<string> Mismatches { get; } = [];

    public IReadOnlyDictionary<string, (string Method, string Path, Regex Pattern)> Operations => _operations;

    public ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(request);
        if (!_operations.TryGetValue(request.Operation, out var op))
        {
            lock (Mismatches) Mismatches.Add($"{request.Operation}: not a Knowledge API operationId of the spec");
            return ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = Json("{}") });
        }
        if (!string.Equals(op.Method, request.Method.Method, StringComparison.Ordinal) || !op.Pattern.IsMatch("/" + request.PathAndQuery))
            lock (Mismatches) Mismatches.Add($"{request.Operation}: sent {request.Method} /{request.PathAndQuery}, spec says {op.Method} {op.Path}");

        if (request.Streaming && request.Operation is "runDatasourceNode" or "runPipeline")
        {
            var sse = "data: {\"event\":\"workflow_finished\",\"task_id\":\"t\",\"workflow_run_id\":\"r\",\"data\":{\"id\":\"r\",\"status\":\"succeeded\"}}\n\n";
            return ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(sse, Encoding.UTF8, "text/event-stream") });
        }
        var key = $"{op.Method} {op.Path}";
        var status = HttpStatusCode.OK;
        string body = "{}";
        if (_examples[key] is JsonObject byStatus)
        {
            foreach (var (code, byType) in byStatus)
            {
                if (!int.TryParse(code, out var c) || c is < 200 or > 299) continue;
                status = (HttpStatusCode)c;
                if (byType is JsonObject types && types.FirstOrDefault(t => t.Key.Contains("json", StringComparison.Ordinal)).Value is JsonObject named)
                    body = named.First().Value?.ToJsonString() ?? "{}";
                else if (c == 204)
                    body = string.Empty;
                break;
            }
        }
        if (request.Operation == "downloadDocumentsZip")
            return ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([0x50, 0x4b, 0x03, 0x04]) });
        var response = new HttpResponseMessage(status) { Content = body.Length == 0 ? new ByteArrayContent([]) : Json(body) };
        return ValueTask.FromResult(response);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
