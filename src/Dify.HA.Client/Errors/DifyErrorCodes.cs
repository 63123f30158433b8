namespace Dify.HA.Client;

/// <summary>Error codes Dify sends in <c>code</c> that callers and the classifier care about.</summary>
public static class DifyErrorCodes
{
    /// <summary><c>invalid_param</c> (400): a parameter is missing or wrong.</summary>
    public const string InvalidParam = "invalid_param";

    /// <summary><c>unauthorized</c> (401): the API key is missing or invalid.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary><c>not_found</c> (404).</summary>
    public const string NotFound = "not_found";

    /// <summary><c>app_unavailable</c> (400): the app is not configured.</summary>
    public const string AppUnavailable = "app_unavailable";

    /// <summary><c>conversation_completed</c> (400).</summary>
    public const string ConversationCompleted = "conversation_completed";

    /// <summary><c>completion_request_error</c> (400): the model provider call failed.</summary>
    public const string CompletionRequestError = "completion_request_error";

    /// <summary><c>too_many_requests</c> (429): the app's concurrency cap; retry with backoff.</summary>
    public const string TooManyRequests = "too_many_requests";

    /// <summary><c>rate_limit_error</c> (429): the billing quota; do not retry.</summary>
    public const string RateLimitError = "rate_limit_error";

    /// <summary><c>internal_server_error</c> (500).</summary>
    public const string InternalServerError = "internal_server_error";

    /// <summary><c>unknown</c>: Dify did not say, or the error came from somewhere else.</summary>
    public const string Unknown = "unknown";

    /// <summary>The prefix of codes made up for non-JSON bodies: <c>http_502</c>, <c>http_503</c>...</summary>
    public const string HttpStatusPrefix = "http_";
}
