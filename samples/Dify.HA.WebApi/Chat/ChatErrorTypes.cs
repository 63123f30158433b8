namespace Dify.HA.WebApi.Chat;

/// <summary>The values of <see cref="ChatError.Type"/>.</summary>
public static class ChatErrorTypes
{
    /// <summary>The request was refused before anything was sent to Dify (HTTP 400).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>No Dify endpoint could be reached (every region down, breakers open, connection refused).</summary>
    public const string Unavailable = "dify_unavailable";

    /// <summary>Dify answered with an error (status and code given), before or during the stream.</summary>
    public const string DifyError = "dify_error";

    /// <summary>The stream broke off or went silent after it had begun; the partial answer may be shown.</summary>
    public const string StreamInterrupted = "stream_interrupted";

    /// <summary>Dify did not answer in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The server is shutting down and its budget ran out before the answer was complete (the generation was stopped).</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>Anything else (logged on the server).</summary>
    public const string Internal = "internal";
}
