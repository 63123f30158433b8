namespace Dify.HA.Client;

/// <summary>Conversations of chat apps and their variables.</summary>
public interface IDifyConversationsApi
{
    /// <summary>Gets one page of the user's conversations (<c>getConversationsList</c>).</summary>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="lastId">The id of the last conversation of the previous page. Default: first page.</param>
    /// <param name="limit">Conversations per page, 1 to 100. Default 20.</param>
    /// <param name="sortBy">The order. Default: most recently updated first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyPage<DifyConversation>> ListAsync(string? user = null, string? lastId = null, int limit = 20, DifyConversationSortBy sortBy = DifyConversationSortBy.UpdatedAtDescending, CancellationToken cancellationToken = default);

    /// <summary>Enumerates all the user's conversations, fetching pages as needed.</summary>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="sortBy">The order. Default: most recently updated first.</param>
    /// <param name="pageSize">Conversations per request, 1 to 100. Default 20.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The conversations.</returns>
    IAsyncEnumerable<DifyConversation> ListAllAsync(string? user = null, DifyConversationSortBy sortBy = DifyConversationSortBy.UpdatedAtDescending, int pageSize = 20, CancellationToken cancellationToken = default);

    /// <summary>Renames a conversation (<c>renameConversation</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="name">The new name, non-blank.</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The renamed conversation.</returns>
    Task<DifyConversation> RenameAsync(string conversationId, string name, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Lets Dify name a conversation from its content (<c>renameConversation</c> with <c>auto_generate</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The renamed conversation.</returns>
    Task<DifyConversation> GenerateNameAsync(string conversationId, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a conversation (<c>deleteConversation</c>; the user goes in a JSON body).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    Task DeleteAsync(string conversationId, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Gets one page of a conversation's variables (<c>getConversationVariables</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="lastId">The id of the last variable of the previous page. Default: first page.</param>
    /// <param name="limit">Variables per page, 1 to 100. Default 20.</param>
    /// <param name="variableName">Only the variable with this name. Default: all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyPage<DifyConversationVariable>> ListVariablesAsync(string conversationId, string? user = null, string? lastId = null, int limit = 20, string? variableName = null, CancellationToken cancellationToken = default);

    /// <summary>Sets a conversation variable (<c>updateChatConversationVariable</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="variableId">The variable's id.</param>
    /// <param name="value">The value, matching the variable's type (string, number, bool, JsonElement, list, dictionary).</param>
    /// <param name="user">The conversation's user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated variable.</returns>
    Task<DifyConversationVariable> UpdateVariableAsync(string conversationId, string variableId, object? value, string? user = null, CancellationToken cancellationToken = default);
}
