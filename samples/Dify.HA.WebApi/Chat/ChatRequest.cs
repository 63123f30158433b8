namespace Dify.HA.WebApi.Chat;

/// <summary>The body of <c>POST /api/chat</c>: <c>{"message": "…", "conversationId": "…"}</c>.</summary>
/// <param name="Message">The user's message (required, at most <c>WebApi:MaxMessageLength</c> characters).</param>
/// <param name="ConversationId">The conversation to continue (from a previous <c>done</c> event), or null for a new one.</param>
public sealed record ChatRequest(string? Message, string? ConversationId);
