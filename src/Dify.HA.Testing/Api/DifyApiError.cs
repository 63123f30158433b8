namespace Dify.HA.Testing.Api;

/// <summary>An error answer in Dify's envelope <c>{"code","message","status"}</c>, thrown by handlers and written by the dispatcher.</summary>
internal sealed class DifyApiError : Exception
{
    public DifyApiError(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public DifyApiError()
        : this(500, "internal_server_error", "Internal Server Error.")
    {
    }

    public DifyApiError(string message)
        : this(400, "invalid_param", message)
    {
    }

    public DifyApiError(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Code = "invalid_param";
    }

    public int Status { get; }

    public string Code { get; }

    public static DifyApiError InvalidParam(string message) => new(400, "invalid_param", message);

    public static DifyApiError UserRequired() => new(400, "invalid_param", "Arg user must be provided.");

    public static DifyApiError NotChatApp() => new(400, "not_chat_app", "Please check if your app mode matches the right API route.");

    public static DifyApiError NotWorkflowApp() => new(400, "not_workflow_app", "Please check if your app mode matches the right API route.");

    public static DifyApiError AppUnavailable() => new(400, "app_unavailable", "App unavailable, please check your app configurations.");

    public static DifyApiError ConversationNotExists() => new(404, "not_found", "Conversation Not Exists.");

    public static DifyApiError MessageNotExists() => new(404, "not_found", "Message Not Exists.");

    public static DifyApiError BadJson() => new(400, "bad_request", "The browser (or proxy) sent a request that this server could not understand.");

    public static DifyApiError TooManyRequests(Guid appId, int limit) => new(
        429,
        "too_many_requests",
        $"Too many requests. Please try again later. The current maximum concurrent requests allowed for {appId} is {limit}.");
}
