namespace Dify.HA.Testing.Store;

/// <summary>A message (one query and its answer), persisted when its generation starts and completed when it ends, as Dify does.</summary>
internal sealed class StoredMessage
{
    public required Guid Id { get; init; }

    public required Guid AppId { get; init; }

    public required Guid EndUserId { get; init; }

    public Guid? ConversationId { get; init; }

    public required string Query { get; init; }

    public required string Inputs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required long Sequence { get; init; }

    public string Answer { get; set; } = string.Empty;

    public string Status { get; set; } = "normal";

    public string? Error { get; set; }

    public int MessageTokens { get; set; }

    public int AnswerTokens { get; set; }

    public double Latency { get; set; }

    public List<string> FileIds { get; } = [];

    public StoredFeedback? Feedback { get; set; }
}
