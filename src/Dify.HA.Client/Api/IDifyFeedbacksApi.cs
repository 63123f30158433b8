namespace Dify.HA.Client;

/// <summary>Feedback on messages.</summary>
public interface IDifyFeedbacksApi
{
    /// <summary>Rates a message, or revokes a rating (<c>postChatMessageFeedback</c>).</summary>
    /// <param name="messageId">The message's id.</param>
    /// <param name="rating">The rating; null revokes the user's earlier rating.</param>
    /// <param name="user">The message's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="content">An optional comment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Dify stored it.</returns>
    Task SubmitAsync(string messageId, DifyFeedbackRating? rating, string? user = null, string? content = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the app's feedback, newest first (<c>getChatAppFeedbacks</c>).</summary>
    /// <param name="page">1-based page. Default 1.</param>
    /// <param name="limit">Items per page, 1 to 100. Default 20.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page's feedback.</returns>
    Task<IReadOnlyList<DifyAppFeedback>> ListAsync(int page = 1, int limit = 20, CancellationToken cancellationToken = default);
}
