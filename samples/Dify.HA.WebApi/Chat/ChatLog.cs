namespace Dify.HA.WebApi.Chat;

/// <summary>The chat endpoint's log lines (source-generated). None holds a message text, a key or a URL.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Chat stream done: {Chunks} chunks, conversation {ConversationId}.")]
    public static partial void Done(ILogger logger, int chunks, string? conversationId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Browser went away after {Chunks} chunks; Dify stream closed (task {TaskId}).")]
    public static partial void BrowserGone(ILogger logger, int chunks, string? taskId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Asked Dify to stop task {TaskId} after the browser went away.")]
    public static partial void Stopped(ILogger logger, string taskId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Could not stop Dify task {TaskId} after the browser went away ({ErrorType}).")]
    public static partial void StopFailed(ILogger logger, string taskId, string errorType);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Chat stream failed after {Chunks} chunks: {ErrorType} ({ChatErrorType}).")]
    public static partial void Failed(ILogger logger, Exception exception, int chunks, string errorType, string chatErrorType);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Shutdown budget nearly spent: ended a chat stream after {Chunks} chunks (task {TaskId}).")]
    public static partial void CutByShutdown(ILogger logger, int chunks, string? taskId);
}
