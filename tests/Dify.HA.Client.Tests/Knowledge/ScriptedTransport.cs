using System.Net;
using System.Text;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>A transport that answers calls from a script (the last entry repeats) and records the time of each call.</summary>
internal sealed class ScriptedTransport(TimeProvider time, params Func<DifyRequest, HttpResponseMessage>[] script) : IDifyTransport
{
    private int _calls;

    public List<(DifyRequest Request, DateTimeOffset At)> Calls { get; } = [];

    public int CallCount => Volatile.Read(ref _calls);

    public ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
    {
        lock (Calls) Calls.Add((request, time.GetUtcNow()));
        var i = Interlocked.Increment(ref _calls) - 1;
        var response = script[Math.Min(i, script.Length - 1)](request);
        if ((int)response.StatusCode >= 400)
        {
            // What every transport does with an error answer: DifyApiErrorReader's exception, classified.
            var body = response.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
            var doc = System.Text.Json.JsonDocument.Parse(body).RootElement;
            var status = (int)response.StatusCode;
            var code = doc.GetProperty("code").GetString()!;
            var message = doc.GetProperty("message").GetString()!;
            throw new DifyApiException(message, status, code, DifyFailureClassifier.Classify(status, code, message, request.Kind));
        }
        return ValueTask.FromResult(response);
    }

    public static Func<DifyRequest, HttpResponseMessage> Status(params (string State, int Done, int Total)[] documents) => _ =>
    {
        var items = string.Join(',', documents.Select((d, i) =>
            $"{{\"id\":\"doc-{i}\",\"indexing_status\":\"{d.State}\",\"completed_segments\":{d.Done},\"total_segments\":{d.Total}" +
            (d.State == "error" ? ",\"error\":\"embedding model unavailable\"" : string.Empty) + "}"));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"{{\"data\":[{items}]}}", Encoding.UTF8, "application/json") };
    };

    public static Func<DifyRequest, HttpResponseMessage> KnowledgeRateLimit() => _ => new HttpResponseMessage(HttpStatusCode.Forbidden)
    {
        Content = new StringContent(
            "{\"code\":\"forbidden\",\"message\":\"Sorry, you have reached the knowledge base request rate limit of your subscription.\",\"status\":403}",
            Encoding.UTF8, "application/json"),
    };
}
