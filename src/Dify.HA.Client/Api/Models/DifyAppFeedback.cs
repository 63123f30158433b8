namespace Dify.HA.Client;

/// <summary>A feedback given on an app's message (<c>GET /app/feedbacks</c>).</summary>
public sealed record DifyAppFeedback
{
    /// <summary>The feedback's id.</summary>
    public string? Id { get; init; }

    /// <summary>The app's id.</summary>
    public string? AppId { get; init; }

    /// <summary>The conversation's id.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The message's id.</summary>
    public string? MessageId { get; init; }

    /// <summary><c>like</c> or <c>dislike</c>.</summary>
    public string? Rating { get; init; }

    /// <summary>The text given with the rating, if any.</summary>
    public string? Content { get; init; }

    /// <summary><c>user</c> (an end user through the API) or <c>admin</c> (the console).</summary>
    public string? FromSource { get; init; }

    /// <summary>The end user who gave it, when <see cref="FromSource"/> is <c>user</c>.</summary>
    public string? FromEndUserId { get; init; }

    /// <summary>The account who gave it, when <see cref="FromSource"/> is <c>admin</c>.</summary>
    public string? FromAccountId { get; init; }

    /// <summary>When it was given.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
