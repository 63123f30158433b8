using System.Runtime.CompilerServices;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyConversationsApi : IDifyConversationsApi
{
    private const int MaxVariableNameLength = 255;

    private readonly DifyApiCore _core;

    public DifyConversationsApi(DifyApiCore core) => _core = core;

    public Task<DifyPage<DifyConversation>> ListAsync(string? user = null, string? lastId = null, int limit = 20, DifyConversationSortBy sortBy = DifyConversationSortBy.UpdatedAtDescending, CancellationToken cancellationToken = default)
    {
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        var last = DifyArgument.OptionalId(lastId, nameof(lastId), "last conversation of the previous page");
        DifyArgument.Limit(limit, nameof(limit));
        return List(u, last, limit, SortBy(sortBy), cancellationToken);
    }

    public IAsyncEnumerable<DifyConversation> ListAllAsync(string? user = null, DifyConversationSortBy sortBy = DifyConversationSortBy.UpdatedAtDescending, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        DifyArgument.Limit(pageSize, nameof(pageSize));
        return All(u, SortBy(sortBy), pageSize, cancellationToken);
    }

    public Task<DifyConversation> RenameAsync(string conversationId, string name, string? user = null, CancellationToken cancellationToken = default)
    {
        DifyArgument.NotBlank(name, nameof(name), "pass the new name, or call GenerateNameAsync to let Dify name it.");
        return Rename(conversationId, name, autoGenerate: false, user, cancellationToken);
    }

    public Task<DifyConversation> GenerateNameAsync(string conversationId, string? user = null, CancellationToken cancellationToken = default)
        => Rename(conversationId, null, autoGenerate: true, user, cancellationToken);

    public Task DeleteAsync(string conversationId, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(conversationId, nameof(conversationId), "conversation");
        var body = new UserBody(DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("deleteConversation", HttpMethod.Delete, $"conversations/{DifyPath.Segment(id)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.UserBody, nameof(user)),
            ConversationId = id,
        };
        return _core.SendAsync(request, cancellationToken);
    }

    public Task<DifyPage<DifyConversationVariable>> ListVariablesAsync(string conversationId, string? user = null, string? lastId = null, int limit = 20, string? variableName = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(conversationId, nameof(conversationId), "conversation");
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        var last = DifyArgument.OptionalId(lastId, nameof(lastId), "last variable of the previous page");
        DifyArgument.Limit(limit, nameof(limit));
        if (variableName is not null && (string.IsNullOrWhiteSpace(variableName) || variableName.Length > MaxVariableNameLength))
            throw new ArgumentException($"variableName must be 1 to {MaxVariableNameLength} non-blank characters: pass the variable's name, or null for all variables.", nameof(variableName));
        var path = DifyPath.WithQuery($"conversations/{DifyPath.Segment(id)}/variables",
            ("user", u), ("last_id", last), ("limit", DifyPath.Int(limit)), ("variable_name", variableName));
        var request = _core.Request("getConversationVariables", HttpMethod.Get, path, DifyOperationKind.Read) with { ConversationId = id };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyPageDifyConversationVariable, cancellationToken);
    }

    public Task<DifyConversationVariable> UpdateVariableAsync(string conversationId, string variableId, object? value, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(conversationId, nameof(conversationId), "conversation");
        var variable = DifyArgument.Id(variableId, nameof(variableId), "conversation variable (from ListVariablesAsync)");
        var body = new UpdateVariableBody(value, DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("updateChatConversationVariable", HttpMethod.Put, $"conversations/{DifyPath.Segment(id)}/variables/{DifyPath.Segment(variable)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.UpdateVariableBody, nameof(value)),
            ConversationId = id,
        };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyConversationVariable, cancellationToken);
    }

    private Task<DifyConversation> Rename(string conversationId, string? name, bool autoGenerate, string? user, CancellationToken cancellationToken)
    {
        var id = DifyArgument.Id(conversationId, nameof(conversationId), "conversation");
        var body = new RenameConversationBody(name, autoGenerate, DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("renameConversation", HttpMethod.Post, $"conversations/{DifyPath.Segment(id)}/name", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.RenameConversationBody, nameof(name)),
            ConversationId = id,
        };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyConversation, cancellationToken);
    }

    private Task<DifyPage<DifyConversation>> List(string user, string? lastId, int limit, string sortBy, CancellationToken cancellationToken)
    {
        var path = DifyPath.WithQuery("conversations", ("user", user), ("last_id", lastId), ("limit", DifyPath.Int(limit)), ("sort_by", sortBy));
        var request = _core.Request("getConversationsList", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyPageDifyConversation, cancellationToken);
    }

    private async IAsyncEnumerable<DifyConversation> All(string user, string sortBy, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastId = null;
        while (true)
        {
            var page = await List(user, lastId, pageSize, sortBy, cancellationToken).ConfigureAwait(false);
            foreach (var conversation in page.Data) yield return conversation;
            if (!page.HasMore || page.Data.Count == 0) yield break;
            var last = page.Data[^1].Id;
            if (last is null || last == lastId) yield break;
            lastId = last;
        }
    }

    private static string SortBy(DifyConversationSortBy sortBy) => sortBy switch
    {
        DifyConversationSortBy.UpdatedAtDescending => "-updated_at",
        DifyConversationSortBy.UpdatedAtAscending => "updated_at",
        DifyConversationSortBy.CreatedAtDescending => "-created_at",
        DifyConversationSortBy.CreatedAtAscending => "created_at",
        _ => throw new ArgumentOutOfRangeException(nameof(sortBy), sortBy, "sortBy must be one of the DifyConversationSortBy values."),
    };
}
