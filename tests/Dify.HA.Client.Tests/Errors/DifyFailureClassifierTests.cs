using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;

namespace Dify.HA.Client.Tests.Errors;

/// <summary>The contract's retry table, row by row.</summary>
public sealed class DifyFailureClassifierTests
{
    private const DifyOperationKind Read = DifyOperationKind.Read;
    private const DifyOperationKind Generation = DifyOperationKind.Generation;
    private const DifyOperationKind Write = DifyOperationKind.Write;

    [Theory]
    // 429 too_many_requests (concurrency cap): retry with backoff, whatever the call.
    [InlineData(429, "too_many_requests", Read, DifyFailureClass.Transient)]
    [InlineData(429, "too_many_requests", Generation, DifyFailureClass.Transient)]
    [InlineData(429, "too_many_requests", Write, DifyFailureClass.Transient)]
    // 429 rate_limit_error (billing quota): no.
    [InlineData(429, "rate_limit_error", Read, DifyFailureClass.Permanent)]
    [InlineData(429, "rate_limit_error", Generation, DifyFailureClass.Permanent)]
    // A proxy's 429 without Dify's code: a throttle, nothing started.
    [InlineData(429, "http_429", Generation, DifyFailureClass.Transient)]
    // 502 / 503 / 504 from a proxy, 500 internal_server_error / unknown: reads yes; generations only if allowed.
    [InlineData(502, "http_502", Read, DifyFailureClass.Transient)]
    [InlineData(502, "http_502", Generation, DifyFailureClass.Ambiguous)]
    [InlineData(503, "http_503", Read, DifyFailureClass.Transient)]
    [InlineData(503, "http_503", Generation, DifyFailureClass.Ambiguous)]
    [InlineData(504, "http_504", Read, DifyFailureClass.Transient)]
    [InlineData(504, "http_504", Generation, DifyFailureClass.Ambiguous)]
    [InlineData(500, "internal_server_error", Read, DifyFailureClass.Transient)]
    [InlineData(500, "internal_server_error", Generation, DifyFailureClass.Ambiguous)]
    [InlineData(500, "unknown", Generation, DifyFailureClass.Ambiguous)]
    [InlineData(500, "internal_server_error", Write, DifyFailureClass.Ambiguous)]
    // 400 completion_request_error: only if the message says rate limit / connection / unavailable.
    [InlineData(400, "completion_request_error", Generation, DifyFailureClass.Permanent)]
    // Other 400, 401, 403, 404, 409, 412, 413, 415: no.
    [InlineData(400, "invalid_param", Generation, DifyFailureClass.Permanent)]
    [InlineData(400, "app_unavailable", Read, DifyFailureClass.Permanent)]
    [InlineData(400, "conversation_completed", Generation, DifyFailureClass.Permanent)]
    [InlineData(401, "unauthorized", Read, DifyFailureClass.Permanent)]
    [InlineData(403, "forbidden", Read, DifyFailureClass.Permanent)]
    [InlineData(404, "not_found", Read, DifyFailureClass.Permanent)]
    [InlineData(409, "conflict", Write, DifyFailureClass.Permanent)]
    [InlineData(412, "http_412", Write, DifyFailureClass.Permanent)]
    [InlineData(413, "file_too_large", Write, DifyFailureClass.Permanent)]
    [InlineData(415, "unsupported_file_type", Write, DifyFailureClass.Permanent)]
    // Beyond the table: a request timeout (nothing started) and "not implemented" (the same everywhere).
    [InlineData(408, "http_408", Generation, DifyFailureClass.Transient)]
    [InlineData(501, "http_501", Read, DifyFailureClass.Permanent)]
    public void Status_and_code_are_classified_as_the_contract_table_says(int status, string code, DifyOperationKind kind, DifyFailureClass expected)
    {
        Assert.Equal(expected, DifyFailureClassifier.Classify(status, code, "message", kind));
    }

    [Theory]
    [InlineData("[openai] Rate limit reached for gpt-4o", DifyFailureClass.Transient)]
    [InlineData("Connection error.", DifyFailureClass.Transient)]
    [InlineData("Service Unavailable", DifyFailureClass.Transient)]
    [InlineData("Invalid API key for the model provider", DifyFailureClass.Permanent)]
    [InlineData(null, DifyFailureClass.Permanent)]
    public void Completion_request_error_is_transient_only_for_provider_hiccups(string? message, DifyFailureClass expected)
    {
        Assert.Equal(expected, DifyFailureClassifier.Classify(400, "completion_request_error", message, Generation));
    }

    [Theory]
    [InlineData(null, null, Generation, DifyFailureClass.Ambiguous)]
    [InlineData(null, null, Read, DifyFailureClass.Transient)]
    [InlineData(null, "invalid_param", Generation, DifyFailureClass.Permanent)]
    [InlineData(null, "internal_server_error", Generation, DifyFailureClass.Ambiguous)]
    [InlineData(null, "too_many_requests", Generation, DifyFailureClass.Transient)]
    public void Errors_without_a_status_are_classified_by_their_code(int? status, string? code, DifyOperationKind kind, DifyFailureClass expected)
    {
        Assert.Equal(expected, DifyFailureClassifier.Classify(status, code, null, kind));
    }

    public static TheoryData<Exception, DifyOperationKind, bool, DifyFailureClass> Exceptions() => new()
    {
        // Never sent: connect refused, DNS, TLS -> retry anywhere, even a generation.
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)), Generation, true, DifyFailureClass.Transient },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), Generation, true, DifyFailureClass.Transient },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), Generation, true, DifyFailureClass.Transient },
        { new HttpRequestException("wrapped", new SocketException((int)SocketError.ConnectionRefused)), Generation, true, DifyFailureClass.Transient },
        { new SocketException((int)SocketError.ConnectionRefused), Generation, true, DifyFailureClass.Transient },
        { new SocketException((int)SocketError.HostNotFound), Generation, true, DifyFailureClass.Transient },
        { new AuthenticationException("handshake"), Generation, true, DifyFailureClass.Transient },
        // Reset or timeout after sending: reads yes, generations ambiguous.
        { new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), Read, true, DifyFailureClass.Transient },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), Generation, true, DifyFailureClass.Ambiguous },
        { new IOException("connection reset by peer", new SocketException((int)SocketError.ConnectionReset)), Generation, true, DifyFailureClass.Ambiguous },
        { new SocketException((int)SocketError.ConnectionReset), Generation, true, DifyFailureClass.Ambiguous },
        { new TaskCanceledException("HttpClient.Timeout", new TimeoutException()), Read, true, DifyFailureClass.Transient },
        { new TaskCanceledException("HttpClient.Timeout", new TimeoutException()), Generation, true, DifyFailureClass.Ambiguous },
        { new TaskCanceledException("HttpClient.Timeout", new TimeoutException()), Generation, false, DifyFailureClass.Transient },
        { new DifyStreamIdleTimeoutException(), Generation, true, DifyFailureClass.Ambiguous },
        { new DifyStreamTruncatedException(), Generation, true, DifyFailureClass.Ambiguous },
        { new DifyStreamTruncatedException(), Read, true, DifyFailureClass.Transient },
        { new DifyStreamFormatException(), Write, true, DifyFailureClass.Ambiguous },
        { new JsonException("bad body"), Read, true, DifyFailureClass.Transient },
        // A status carried by HttpRequestException (EnsureSuccessStatusCode).
        { new HttpRequestException("503", null, HttpStatusCode.ServiceUnavailable), Read, true, DifyFailureClass.Transient },
        { new HttpRequestException("503", null, HttpStatusCode.ServiceUnavailable), Generation, true, DifyFailureClass.Ambiguous },
        { new HttpRequestException("404", null, HttpStatusCode.NotFound), Read, true, DifyFailureClass.Permanent },
        // Dify errors: their status and code, re-read for the kind given here.
        { new DifyApiException("busy", 429, "too_many_requests", DifyFailureClass.Transient), Generation, true, DifyFailureClass.Transient },
        { new DifyApiException("boom", 500, "internal_server_error", DifyFailureClass.Transient), Generation, true, DifyFailureClass.Ambiguous },
        { new DifyApiException("quota", 429, "rate_limit_error", DifyFailureClass.Permanent), Read, true, DifyFailureClass.Permanent },
        // Bugs and bad input.
        { new ArgumentException("user is required", "user"), Generation, false, DifyFailureClass.Permanent },
        { new InvalidOperationException(), Read, true, DifyFailureClass.Permanent },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Exceptions_are_classified_by_whether_the_request_may_have_been_sent(
        Exception exception, DifyOperationKind kind, bool requestSent, DifyFailureClass expected)
    {
        Assert.Equal(expected, DifyFailureClassifier.Classify(exception, kind, requestSent));
    }
}
