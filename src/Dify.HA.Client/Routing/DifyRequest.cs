namespace Dify.HA.Client.Routing;

/// <summary>
/// A description of one Dify call that can be sent, and sent again to another endpoint: everything but the base URL.
/// The body is a factory, not an <see cref="HttpContent"/>, because an <see cref="HttpContent"/> can be sent once only.
/// </summary>
internal sealed record DifyRequest
{
    public DifyRequest(string operation, HttpMethod method, string pathAndQuery, DifyOperationKind kind, string apiKey)
    {
        Operation = operation;
        Method = method;
        PathAndQuery = pathAndQuery;
        Kind = kind;
        ApiKey = apiKey;
    }

    /// <summary>The spec's operationId (e.g. <c>sendChatMessage</c>); names telemetry.</summary>
    public string Operation { get; }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Path and query relative to the base URL, without a leading slash (e.g. <c>messages?conversation_id=…</c>);
    /// every value already escaped.</summary>
    public string PathAndQuery { get; }

    /// <summary>What the call does on the server; decides what the HA pipeline may retry.</summary>
    public DifyOperationKind Kind { get; }

    /// <summary>The app API key to send as <c>Authorization: Bearer</c>. Never printed (see <see cref="ToString"/>).</summary>
    public string ApiKey { get; }

    /// <summary>Creates a fresh body for each attempt; null for no body.</summary>
    public Func<HttpContent>? ContentFactory { get; init; }

    /// <summary>False when the body can be produced once only (an upload from a non-seekable stream): such a request
    /// must not be re-sent after its body started to go out.</summary>
    public bool IsReplayable { get; init; } = true;

    /// <summary>True when the response body is read incrementally (server-sent events, a file download): the transport
    /// returns at response headers and its blocking timeout does not cover the body.</summary>
    public bool Streaming { get; init; }

    /// <summary>Affinity hint: the conversation the call continues, if any (it lives in the deployment that created it).</summary>
    public string? ConversationId { get; init; }

    /// <summary>Affinity hint: the task the call stops, if any.</summary>
    public string? TaskId { get; init; }

    /// <summary>Affinity hint: the workflow run the call reads or resumes, if any.</summary>
    public string? WorkflowRunId { get; init; }

    /// <summary>The end user the call acts for, when the body carries one: lets the HA pipeline re-attach to a workflow
    /// run (<c>GET /workflow/{id}/events?user=…</c>) and stop a hedged generation.</summary>
    public string? User { get; init; }

    /// <summary>Describes the call without its key or body.</summary>
    public override string ToString()
        => $"{Method} {PathAndQuery} ({Operation}, {Kind}{(Streaming ? ", streaming" : string.Empty)})";
}
