namespace Dify.HA.Client;

/// <summary>The message history of conversations.</summary>
public interface IDifyMessagesApi
{
    /// <summary>Gets one page of a conversation's messages (<c>getConversationHistory</c>). Without <paramref name="firstId"/>
    /// it is the LATEST page; inside a page messages run oldest to newest. To page back, pass the first message's id.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="firstId">The id of the oldest message already seen; the page ends just before it. Default: none.</param>
    /// <param name="limit">Messages per page, 1 to 100. Default 20.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyPage<DifyMessage>> ListAsync(string conversationId, string? user = null, string? firstId = null, int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>Walks a conversation's history back in time, newest message first, fetching pages as needed.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="pageSize">Messages per request, 1 to 100. Default 20.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The messages, newest to oldest.</returns>
    IAsyncEnumerable<DifyMessage> WalkBackAsync(string conversationId, string? user = null, int pageSize = 20, CancellationToken cancellationToken = default);
}
