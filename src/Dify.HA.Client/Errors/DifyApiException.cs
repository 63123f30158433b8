namespace Dify.HA.Client;

/// <summary>
/// Dify answered with an error: an HTTP error response (<c>{"code", "message", "status"}</c>, or a proxy's non-JSON
/// page), or an <c>error</c> event in the middle of a stream. <see cref="Exception.Message"/> is Dify's message.
/// </summary>
/// <remarks>
/// <see cref="Classification"/> says whether a retry may help; it was computed by <see cref="DifyFailureClassifier"/>
/// for the kind of operation that failed.
/// </remarks>
public sealed class DifyApiException : Exception
{
    /// <summary>Creates an exception with a generic message (for serializers and tests).</summary>
    public DifyApiException()
        : this("Dify returned an error.")
    {
    }

    /// <summary>Creates an exception with a message; the code is <c>unknown</c> and the failure permanent.</summary>
    /// <param name="message">The error message.</param>
    public DifyApiException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message and a cause; the code is <c>unknown</c> and the failure permanent.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause.</param>
    public DifyApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = DifyErrorCodes.Unknown;
        Classification = DifyFailureClass.Permanent;
    }

    /// <summary>Creates an exception from the parts of a Dify error.</summary>
    /// <param name="message">Dify's <c>message</c>.</param>
    /// <param name="statusCode">The HTTP status (or the <c>status</c> of a stream error event); null when unknown.</param>
    /// <param name="code">Dify's <c>code</c>, e.g. <c>invalid_param</c>; <c>http_502</c> style for non-JSON bodies.</param>
    /// <param name="classification">What the failure means for a retry (see <see cref="DifyFailureClassifier"/>).</param>
    /// <param name="params">Dify's optional <c>params</c> (as raw JSON text when it is not a string).</param>
    /// <param name="requestId">The request id from the response headers, when there was one.</param>
    /// <param name="endpoint">The endpoint (base URL or request URL) that answered.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DifyApiException(
        string message,
        int? statusCode,
        string code,
        DifyFailureClass classification,
        string? @params = null,
        string? requestId = null,
        Uri? endpoint = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        StatusCode = statusCode;
        Code = code;
        Classification = classification;
        Params = @params;
        RequestId = requestId;
        Endpoint = endpoint;
    }

    /// <summary>The HTTP status, or the <c>status</c> field of a mid-stream error event; null when there was none.</summary>
    public int? StatusCode { get; }

    /// <summary>Dify's error code (<see cref="DifyErrorCodes"/>), or <c>http_NNN</c> when the body was not Dify's JSON.</summary>
    public string Code { get; }

    /// <summary>Dify's optional <c>params</c> (usually the offending parameter's name).</summary>
    public string? Params { get; }

    /// <summary>The request id (<c>X-Request-Id</c> and similar headers), when the response carried one.</summary>
    public string? RequestId { get; }

    /// <summary>The endpoint that answered, when known.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Whether retrying may help, for the operation that failed.</summary>
    public DifyFailureClass Classification { get; }

    /// <summary>True when the error came as an <c>error</c> event inside a stream that had already started (HTTP 200).</summary>
    public bool IsMidStream { get; init; }
}
