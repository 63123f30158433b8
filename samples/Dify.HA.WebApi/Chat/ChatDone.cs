namespace Dify.HA.WebApi.Chat;

/// <summary>SSE <c>done</c>: the answer is complete.</summary>
/// <param name="ConversationId">Send it back as <c>conversationId</c> to continue the conversation.</param>
/// <param name="MessageId">Dify's message id.</param>
/// <param name="TaskId">Dify's task id.</param>
/// <param name="Usage">Token usage, when Dify reported it.</param>
public sealed record ChatDone(string? ConversationId, string? MessageId, string? TaskId, ChatUsage? Usage);
