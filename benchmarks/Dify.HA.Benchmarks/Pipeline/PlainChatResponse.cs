namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>The fields of a blocking chat answer a hand-written integration reads.</summary>
internal sealed record PlainChatResponse(string? TaskId, string? MessageId, string? ConversationId, string? Answer);
