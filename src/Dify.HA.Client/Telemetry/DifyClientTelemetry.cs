namespace Dify.HA.Client.Telemetry;

/// <summary>
/// The client's telemetry vocabulary in one place: the names of its <see cref="System.Diagnostics.ActivitySource"/>
/// and <see cref="System.Diagnostics.Metrics.Meter"/>, so that users can subscribe to them with OpenTelemetry.
/// </summary>
public static class DifyClientTelemetry
{
    /// <summary>The name of the client's ActivitySource and Meter: <c>Dify.HA.Client</c>.</summary>
    public const string SourceName = "Dify.HA.Client";

    /// <summary>Prefix of the name of the Activity started for each logical API call: <c>dify.</c> + the spec's operationId
    /// (for example <c>dify.sendChatMessage</c>).</summary>
    public const string OperationActivityPrefix = "dify.";

    /// <summary>Tag: the Dify spec's operationId of the call (for example <c>sendChatMessage</c>).</summary>
    public const string OperationTag = "dify.operation";

    /// <summary>Tag: the name of the configured client (<c>Dify:Clients:&lt;name&gt;</c>).</summary>
    public const string ClientNameTag = "dify.client.name";

    /// <summary>Tag: <c>true</c> when the call streams server-sent events.</summary>
    public const string StreamingTag = "dify.streaming";

    /// <summary>Tag: the operation kind (<c>Read</c>, <c>Generation</c>, <c>Write</c>) that decides what may be retried.</summary>
    public const string OperationKindTag = "dify.operation.kind";

    /// <summary>Tag: the outcome of the call, one of <see cref="OutcomeSuccess"/>, <see cref="OutcomeError"/>,
    /// <see cref="OutcomeCancelled"/>.</summary>
    public const string OutcomeTag = "dify.outcome";

    /// <summary>Tag: Dify's error <c>code</c> (for example <c>conversation_not_exists</c>) when the call failed with an API error.</summary>
    public const string ErrorCodeTag = "dify.error.code";

    /// <summary>Tag (OpenTelemetry semantic convention): the type of error when the call failed.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag (OpenTelemetry semantic convention): the HTTP status code of the response.</summary>
    public const string HttpStatusCodeTag = "http.response.status_code";

    /// <summary>Tag (OpenTelemetry semantic convention): the HTTP method of the request.</summary>
    public const string HttpMethodTag = "http.request.method";

    /// <summary>Tag: number of stream events delivered to the caller (streaming calls only).</summary>
    public const string StreamEventCountTag = "dify.stream.events";

    /// <summary>Outcome value: the call completed (a stream was read to its end).</summary>
    public const string OutcomeSuccess = "success";

    /// <summary>Outcome value: the call failed with an exception.</summary>
    public const string OutcomeError = "error";

    /// <summary>Outcome value: the caller cancelled the call (or stopped enumerating a stream early).</summary>
    public const string OutcomeCancelled = "cancelled";
}
