using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>
/// The in-process "server": drains the request body (so lazily serialized JSON content is really serialized, as a
/// socket handler would) and answers a canned Dify blocking chat response. No network, no allocation of its own
/// beyond the response objects every HttpMessageHandler must create.
/// </summary>
internal sealed class CannedChatHandler : HttpMessageHandler
{
    /// <summary>A blocking chat answer in Dify's shape (event, ids, answer, metadata.usage, created_at).</summary>
    internal static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"event":"message","task_id":"5ad4cb98-f0c7-4085-b384-88c403be6290","id":"5e9a7f3b-6c21-4a9e-9d6b-2f1c0b7e8a11","message_id":"5e9a7f3b-6c21-4a9e-9d6b-2f1c0b7e8a11","conversation_id":"1c7e2d4a-9b3f-4e8a-a6d5-0f2b3c4d5e6f","mode":"chat","answer":"The region answer stays available while endpoints fail over gracefully.","metadata":{"usage":{"prompt_tokens":12,"prompt_unit_price":"0.001","prompt_price_unit":"0.001","prompt_price":"0.0000120","completion_tokens":14,"completion_unit_price":"0.002","completion_price_unit":"0.001","completion_price":"0.0000280","total_tokens":26,"total_price":"0.0000400","currency":"USD","latency":0.21},"retriever_resources":[]},"created_at":1764150000}""");

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        var body = new ByteArrayContent(Body);
        body.Headers.ContentType = Json;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request };
    }
}
