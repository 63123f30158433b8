using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>
/// A primary HTTP handler imitating the part of Dify's Knowledge API the helpers use (documents list with keyword and
/// paging, create and update by text or file, indexing status, retrieve), with faults: lose the answer of the next
/// create after carrying it out, or fail the next reads with 503.
/// </summary>
internal sealed partial class FakeKnowledgeServer : HttpMessageHandler
{
    private readonly List<JsonObject> _documents = [];
    private int _batch;

    /// <summary>The answer to send instead of the next create's, after the document was created (e.g. 502), or null.</summary>
    public HttpStatusCode? LoseNextCreateWith { get; set; }

    /// <summary>Throw this instead of answering the next create, after the document was created (a reset), or null.</summary>
    public Exception? LoseNextCreateByThrowing { get; set; }

    /// <summary>How many of the next reads (GET, retrieve) fail with 503.</summary>
    public int FailReads { get; set; }

    /// <summary>Every request seen, as "METHOD path".</summary>
    public List<string> Log { get; } = [];

    public List<string?> Authorizations { get; } = [];

    public int Count(string operationSuffix, string method = "POST")
    {
        lock (Log) return Log.Count(l => l.StartsWith(method + " ", StringComparison.Ordinal) && l.Split('?')[0].EndsWith(operationSuffix, StringComparison.Ordinal));
    }

    public IReadOnlyList<string> DocumentNames
    {
        get { lock (_documents) return _documents.Select(d => (string)d["name"]!).ToArray(); }
    }

    public void Seed(string name, string indexingStatus = "completed")
    {
        var document = NewDocument(name);
        document["indexing_status"] = indexingStatus;
        lock (_documents) _documents.Add(document);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        lock (Log) Log.Add($"{request.Method} {path}{request.RequestUri.Query}");
        lock (Authorizations) Authorizations.Add(request.Headers.Authorization?.ToString());

        var isRead = request.Method == HttpMethod.Get || path.EndsWith("/retrieve", StringComparison.Ordinal);
        if (isRead && FailReads > 0)
        {
            FailReads--;
            return Error(HttpStatusCode.ServiceUnavailable, "http_503", "upstream unavailable");
        }

        if (request.Method == HttpMethod.Get && DocumentsPath().IsMatch(path)) return ListDocuments(request.RequestUri);

        if (request.Method == HttpMethod.Post && path.EndsWith("/document/create-by-text", StringComparison.Ordinal))
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            return Created(NewDocument((string)body["name"]!));
        }
        if (request.Method == HttpMethod.Post && path.EndsWith("/document/create-by-file", StringComparison.Ordinal))
        {
            var form = (MultipartFormDataContent)request.Content!;
            var file = form.First(p => p.Headers.ContentDisposition?.Name?.Trim('"') == "file");
            var bytes = await file.ReadAsByteArrayAsync(cancellationToken);
            if (bytes.Length == 0) return Error(HttpStatusCode.BadRequest, "no_file_uploaded", "Please upload your file.");
            return Created(NewDocument(file.Headers.ContentDisposition!.FileName!.Trim('"')));
        }
        if (request.Method == HttpMethod.Post && UpdatePath().Match(path) is { Success: true } update)
        {
            JsonObject? doc;
            lock (_documents) doc = _documents.FirstOrDefault(d => (string)d["id"]! == update.Groups[1].Value);
            if (doc is null) return Error(HttpStatusCode.NotFound, "not_found", "Document not found.");
            return Answer(new JsonObject { ["document"] = doc.DeepClone(), ["batch"] = NextBatch() });
        }
        if (request.Method == HttpMethod.Get && path.EndsWith("/indexing-status", StringComparison.Ordinal))
            return Answer(new JsonObject { ["data"] = new JsonArray(new JsonObject { ["id"] = "d", ["indexing_status"] = "completed", ["completed_segments"] = 1, ["total_segments"] = 1 }) });
        if (path.EndsWith("/retrieve", StringComparison.Ordinal))
            return Answer(new JsonObject { ["query"] = new JsonObject { ["content"] = "q" }, ["records"] = new JsonArray() });

        return Error(HttpStatusCode.NotFound, "not_found", $"No route {request.Method} {path}");
    }

    private HttpResponseMessage Created(JsonObject document)
    {
        lock (_documents) _documents.Add(document);
        if (LoseNextCreateByThrowing is { } ex)
        {
            LoseNextCreateByThrowing = null;
            throw ex;
        }
        if (LoseNextCreateWith is { } status)
        {
            LoseNextCreateWith = null;
            return Error(status, "http_" + (int)status, "Bad Gateway");
        }
        return Answer(new JsonObject { ["document"] = document.DeepClone(), ["batch"] = NextBatch() });
    }

    private HttpResponseMessage ListDocuments(Uri uri)
    {
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var keyword = query["keyword"];
        var page = int.Parse(query["page"] ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var limit = int.Parse(query["limit"] ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject[] matching;
        lock (_documents)
            matching = _documents.Where(d => keyword is null || ((string)d["name"]!).Contains(keyword, StringComparison.OrdinalIgnoreCase)).ToArray();
        var items = matching.Skip((page - 1) * limit).Take(limit).Select(d => (JsonNode)d.DeepClone()).ToArray();
        return Answer(new JsonObject
        {
            ["data"] = new JsonArray(items),
            ["has_more"] = page * limit < matching.Length,
            ["limit"] = limit,
            ["total"] = matching.Length,
            ["page"] = page,
        });
    }

    private string NextBatch() => "2026112600000" + Interlocked.Increment(ref _batch).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private JsonObject NewDocument(string name)
    {
        int position;
        lock (_documents) position = _documents.Count + 1;
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["position"] = position,
            ["name"] = name,
            ["indexing_status"] = "completed", // indexed at once: these tests are about what is sent
            ["created_at"] = 1_764_000_000 + position,
        };
    }

    private static HttpResponseMessage Answer(JsonNode body)
        => new(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message)
        => new(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["code"] = code, ["message"] = message, ["status"] = (int)status }), Encoding.UTF8, "application/json"),
        };

    [GeneratedRegex("^/v1/datasets/[^/]+/documents$")]
    private static partial Regex DocumentsPath();

    [GeneratedRegex("^/v1/datasets/[^/]+/documents/([^/]+)/update-by-(text|file)$")]
    private static partial Regex UpdatePath();
}
