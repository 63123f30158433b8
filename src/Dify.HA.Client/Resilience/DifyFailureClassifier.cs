using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// The single place that decides what a failure means for a retry, following the contract's retry table
/// (docs/streaming.md, "Errors and classification"). The API layer and the HA pipeline both call it.
/// </summary>
public static class DifyFailureClassifier
{
    /// <summary>Classifies a Dify error answer (an HTTP error response or a mid-stream <c>error</c> event).</summary>
    /// <param name="statusCode">The HTTP status, or null when unknown (then <paramref name="code"/> decides).</param>
    /// <param name="code">Dify's error code (or <c>http_NNN</c> for non-JSON bodies), if any.</param>
    /// <param name="message">Dify's message; only read for <c>completion_request_error</c> and a 403 (the knowledge rate limit).</param>
    /// <param name="kind">What the failed call does.</param>
    /// <returns>
    /// <see cref="DifyFailureClass.Transient"/> for 429 <c>too_many_requests</c>, 408, 5xx on reads and a
    /// <c>completion_request_error</c> that reports a provider rate limit / connection / unavailability (retry it at most
    /// once), and Dify's knowledge rate limit (403, see <see cref="IsKnowledgeRateLimit"/>); <see cref="DifyFailureClass.Ambiguous"/> for 5xx on generations and writes;
    /// <see cref="DifyFailureClass.Permanent"/> otherwise (other 4xx, 429 <c>rate_limit_error</c>).
    /// </returns>
    public static DifyFailureClass Classify(int? statusCode, string? code, string? message, DifyOperationKind kind)
    {
        // The code is the more precise signal when Dify sent one; a proxy's own 429/5xx has no Dify code.
        if (string.Equals(code, DifyErrorCodes.TooManyRequests, StringComparison.Ordinal)) return DifyFailureClass.Transient;
        if (string.Equals(code, DifyErrorCodes.RateLimitError, StringComparison.Ordinal)) return DifyFailureClass.Permanent;
        if (string.Equals(code, DifyErrorCodes.CompletionRequestError, StringComparison.Ordinal))
            return IsProviderHiccup(message) ? DifyFailureClass.Transient : DifyFailureClass.Permanent;
        // Dify's knowledge rate limit is a 403 (not a 429) that clears by itself within its 60 s window.
        if (IsKnowledgeRateLimit(statusCode, code, message)) return DifyFailureClass.Transient;

        var status = statusCode ?? StatusFromCode(code);
        if (status is null)
        {
            // An error event without status and without a known code: the server failed while working on it.
            return AfterSending(kind);
        }

        return status.Value switch
        {
            // A throttle that is not Dify's billing quota (handled above): nothing was started.
            429 => DifyFailureClass.Transient,

            // The server gave up waiting for the request: it never started working on it.
            408 => DifyFailureClass.Transient,

            // Not implemented / HTTP version not supported: the same answer everywhere.
            501 or 505 => DifyFailureClass.Permanent,

            // 500 internal_server_error / unknown, and a proxy's 502/503/504: the server may be working on it.
            >= 500 and <= 599 => AfterSending(kind),

            // 400, 401, 403, 404, 409, 412, 413, 415 and the rest of 4xx: the same request fails the same way.
            _ => DifyFailureClass.Permanent,
        };
    }

    /// <summary>Classifies any exception met while calling Dify.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="kind">What the failed call does.</param>
    /// <param name="requestSent">
    /// Whether the request may have reached the server (false while connecting). Failures that prove the request was
    /// never sent (connection refused, DNS, TLS) are transient whatever this says.
    /// </param>
    /// <returns>The failure class.</returns>
    /// <remarks>
    /// A cancellation is classified as a timeout; the caller must check its own token first (a caller that gave up
    /// does not want a retry).
    /// </remarks>
    public static DifyFailureClass Classify(Exception exception, DifyOperationKind kind, bool requestSent)
    {
        ArgumentNullException.ThrowIfNull(exception);

        switch (exception)
        {
            case DifyApiException api:
                return Classify(api.StatusCode, api.Code, api.Message, kind);

            case HttpRequestException http:
                if (NeverSent(http.HttpRequestError)) return DifyFailureClass.Transient;
                if (http.StatusCode is { } status) return Classify((int)status, code: null, message: null, kind);
                if (http.InnerException is { } inner && IsNeverSentCause(inner)) return DifyFailureClass.Transient;

                return requestSent ? AfterSending(kind) : DifyFailureClass.Transient;

            case SocketException socket:
                return NeverSent(socket.SocketErrorCode) || !requestSent ? DifyFailureClass.Transient : AfterSending(kind);

            case AuthenticationException:
                // A TLS handshake failure happens before any byte of the request is sent.
                return DifyFailureClass.Transient;

            // Our stream failures and timeouts, HttpClient's timeout (TaskCanceledException with a TimeoutException inside),
            // resets (IOException): transient before sending, by kind after.
            case DifyStreamIdleTimeoutException:
            case DifyStreamTruncatedException:
            case DifyStreamFormatException:
            case TimeoutException:
            case OperationCanceledException:
            case IOException:
            case JsonException:
                return requestSent ? AfterSending(kind) : DifyFailureClass.Transient;

            default:
                // ArgumentException, InvalidOperationException, ...: a bug or bad input; a retry fails the same way.
                return DifyFailureClass.Permanent;
        }
    }

    /// <summary>How long Dify's knowledge rate limit can last: Dify counts a workspace's Knowledge API calls in a sliding
    /// 60 s window (<c>cloud_edition_billing_rate_limit_check("knowledge")</c>), so a wait of one window always clears it.</summary>
    public static readonly TimeSpan KnowledgeRateLimitWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether an error answer is Dify's knowledge rate limit: <c>403 forbidden</c> with the message "Sorry, you have reached
    /// the knowledge base request rate limit of your subscription." It is transient (it clears within
    /// <see cref="KnowledgeRateLimitWindow"/>), unlike every other 403.
    /// </summary>
    /// <param name="statusCode">The HTTP status, or null when unknown.</param>
    /// <param name="code">Dify's error code, if any.</param>
    /// <param name="message">Dify's message.</param>
    /// <returns>True for the knowledge rate limit.</returns>
    public static bool IsKnowledgeRateLimit(int? statusCode, string? code, string? message)
        => (statusCode == 403 || (statusCode is null && string.Equals(code, "forbidden", StringComparison.Ordinal)))
            && message is not null && message.Contains("knowledge base request rate limit", StringComparison.OrdinalIgnoreCase);

    /// <summary>The wait a retry of <paramref name="exception"/> needs to have a chance, when the error says so: the
    /// knowledge rate limit's window; null for every other failure (use the pipeline's backoff).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The suggested wait, or null.</returns>
    public static TimeSpan? RetryDelayHint(Exception exception)
        => exception is DifyApiException api && IsKnowledgeRateLimit(api.StatusCode, api.Code, api.Message) ? KnowledgeRateLimitWindow : null;

    /// <summary>The class of a failure after the request was sent and the server may have acted on it.</summary>
    private static DifyFailureClass AfterSending(DifyOperationKind kind)
        => kind == DifyOperationKind.Read ? DifyFailureClass.Transient : DifyFailureClass.Ambiguous;

    private static bool NeverSent(HttpRequestError error) => error is HttpRequestError.NameResolutionError
        or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private static bool NeverSent(SocketError error) => error is SocketError.ConnectionRefused or SocketError.HostNotFound
        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData
        or SocketError.AddressNotAvailable;

    private static bool IsNeverSentCause(Exception inner) => inner switch
    {
        SocketException s => NeverSent(s.SocketErrorCode),
        AuthenticationException => true,
        _ => false,
    };

    private static int? StatusFromCode(string? code)
    {
        if (code is null) return null;
        if (string.Equals(code, DifyErrorCodes.InternalServerError, StringComparison.Ordinal)) return 500;
        if (code.StartsWith(DifyErrorCodes.HttpStatusPrefix, StringComparison.Ordinal)
            && int.TryParse(code.AsSpan(DifyErrorCodes.HttpStatusPrefix.Length), out var s))
        {
            return s;
        }

        // Dify's other codes (invalid_param, not_found, app_unavailable...) describe the request, not the server.
        return string.Equals(code, DifyErrorCodes.Unknown, StringComparison.Ordinal) ? 500 : 400;
    }

    // "only if the message says rate limit / connection / unavailable" (contract retry table).
    private static bool IsProviderHiccup(string? message) => message is not null
        && (message.Contains("rate limit", StringComparison.OrdinalIgnoreCase)
            || message.Contains("ratelimit", StringComparison.OrdinalIgnoreCase)
            || message.Contains("connection", StringComparison.OrdinalIgnoreCase)
            || message.Contains("unavailable", StringComparison.OrdinalIgnoreCase));
}
