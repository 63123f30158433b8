using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Dify.HA.WebApi.Chat;

/// <summary>Writes server-sent events (<c>event: NAME\ndata: JSON\n\n</c>) to a response and flushes each one, so the
/// browser sees every chunk as soon as Dify sends it. Compact JSON never spans lines, so one <c>data:</c> line is enough.</summary>
internal sealed class SseEventWriter
{
    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private readonly HttpResponse _response;

    private SseEventWriter(HttpResponse response) => _response = response;

    /// <summary>Sends the headers of an event stream at once (the browser's fetch resolves on them).</summary>
    public static async Task<SseEventWriter> StartAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // A reverse proxy (nginx, ingress-nginx) must not buffer the stream either.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        return new SseEventWriter(response);
    }

    public async Task WriteAsync<T>(string eventName, T data, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var body = _response.BodyWriter;
        body.Write(EventPrefix);
        body.Write(Encoding.UTF8.GetBytes(eventName));
        body.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(body))
        {
            JsonSerializer.Serialize(json, data, typeInfo);
        }
        body.Write(EventEnd);
        var flushed = await body.FlushAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (flushed.IsCanceled) throw new OperationCanceledException("The response was cancelled.", cancellationToken);
    }
}
