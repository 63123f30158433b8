using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dify.HA.Client.Errors;
using Dify.HA.Client.Streaming;

namespace Dify.HA.Client;

/// <summary>
/// Turns an HTTP error response into a <see cref="DifyApiException"/>: Dify's JSON envelope
/// (<c>{"code", "message", "status", "params"?}</c>) when there is one; otherwise (an nginx 502 HTML page, a load
/// balancer's plain text) the code <c>http_NNN</c> and a short, redacted excerpt of the body as the message.
/// </summary>
internal static partial class DifyApiErrorReader
{
    /// <summary>Most bytes of an error body that are read; the rest is not needed to classify it.</summary>
    internal const int MaxBodyBytes = 64 * 1024;

    /// <summary>Most characters of a non-JSON body kept in the message.</summary>
    internal const int MaxExcerptChars = 200;

    // Headers that proxies and Dify deployments use for a request id, most specific first.
    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "X-Request-ID", "Request-Id", "X-Amzn-RequestId", "X-Amz-Cf-Id", "X-Trace-Id", "Traceparent"];

    /// <summary>Reads the error. Never throws for a bad body; the response is not disposed.</summary>
    /// <param name="response">A response with a non-success status.</param>
    /// <param name="kind">What the failed call does (decides the classification of 5xx).</param>
    /// <param name="endpoint">The endpoint that answered (defaults to the request URI).</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The exception to throw.</returns>
    public static async ValueTask<DifyApiException> ReadAsync(
        HttpResponseMessage response, DifyOperationKind kind, Uri? endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        endpoint ??= response.RequestMessage?.RequestUri;
        var requestId = FindRequestId(response.Headers) ?? FindRequestId(response.Content?.Headers);

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        Exception? readFailure = null;
        try
        {
            if (response.Content is not null)
            {
                try
                {
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        while (length < MaxBodyBytes)
                        {
                            if (length == buffer.Length)
                            {
                                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes));
                                buffer.AsSpan(0, length).CopyTo(bigger);
                                ArrayPool<byte>.Shared.Return(buffer);
                                buffer = bigger;
                            }

                            var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBodyBytes) - length), cancellationToken).ConfigureAwait(false);
                            if (read == 0) break;
                            length += read;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
                {
                    // The body could not be read (the connection died): classify on the status alone.
                    readFailure = ex;
                }
            }

            return Create(status, response.ReasonPhrase, buffer.AsSpan(0, length), kind, endpoint, requestId, readFailure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Builds the exception from a status and a body (also used by tests and by blocking calls that buffered the body).</summary>
    internal static DifyApiException Create(
        int status, string? reasonPhrase, ReadOnlySpan<byte> body, DifyOperationKind kind, Uri? endpoint, string? requestId, Exception? inner = null)
    {
        var envelope = TryReadEnvelope(body);
        string code;
        string message;
        string? parameters = null;
        if (envelope is { Code.Length: > 0 })
        {
            code = envelope.Code;
            message = string.IsNullOrEmpty(envelope.Message) ? $"Dify answered HTTP {status} ({code})." : envelope.Message;
            parameters = ParamsText(envelope.Params);
        }
        else
        {
            code = DifyErrorCodes.HttpStatusPrefix + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var excerpt = envelope?.Message is { Length: > 0 } m ? Redact(m) : Excerpt(body);
            var reason = string.IsNullOrEmpty(reasonPhrase) ? string.Empty : $" ({reasonPhrase})";
            message = excerpt.Length == 0
                ? $"The endpoint answered HTTP {status}{reason} with an empty body."
                : $"The endpoint answered HTTP {status}{reason} with a body that is not a Dify error: {excerpt}";
        }

        return new DifyApiException(
            message, status, code, DifyFailureClassifier.Classify(status, code, message, kind), parameters, requestId, endpoint, inner);
    }

    /// <summary>Dify's <c>params</c> as text: a string as is, anything else as raw JSON, null as null.</summary>
    internal static string? ParamsText(JsonElement? parameters) => parameters switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } p => p.GetString(),
        { } p => p.GetRawText(),
    };

    private static DifyApiErrorEnvelope? TryReadEnvelope(ReadOnlySpan<byte> body)
    {
        var trimmed = body.Trim(" \t\r\n"u8);
        if (trimmed.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) trimmed = trimmed[3..];
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{') return null;
        try
        {
            return JsonSerializer.Deserialize(trimmed, DifyStreamJsonContext.Default.DifyApiErrorEnvelope);
        }
        catch (JsonException)
        {
            return null; // e.g. a proxy that cut the body: fall back to the excerpt
        }
    }

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return string.Empty;
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 8 * 1024)]);

        // An HTML error page: its <title> says it best ("502 Bad Gateway"); otherwise drop the tags.
        var title = TitleRegex().Match(text);
        text = title.Success ? title.Groups[1].Value : TagRegex().Replace(text, " ");
        text = WhitespaceRegex().Replace(text, " ").Trim();
        text = Redact(text);
        return text.Length <= MaxExcerptChars ? text : string.Concat(text.AsSpan(0, MaxExcerptChars), "…");
    }

    // An error page could echo a request header: never let an API key or bearer token into a message.
    private static string Redact(string text) => SecretRegex().Replace(text, "$1***");

    private static string? FindRequestId(HttpHeaders? headers)
    {
        if (headers is null) return null;
        foreach (var name in RequestIdHeaders)
        {
            if (headers.NonValidated.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrWhiteSpace(value)) return value;
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"<title[^>]*>\s*([^<]{1,200}?)\s*</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitleRegex();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"(Bearer\s+|\b(?:app|dataset)-)[A-Za-z0-9._~+/=-]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretRegex();
}
