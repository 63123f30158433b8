using System.Runtime.CompilerServices;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyMessagesApi : IDifyMessagesApi
{
    private readonly DifyApiCore _core;

    public DifyMessagesApi(DifyApiCore core) => _core = core;

    public Task<DifyPage<DifyMessage>> ListAsync(string conversationId, string? user = null, string? firstId = null, int limit = 20, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(conversationId, nameof(conversationId), "conversation");
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        var first = DifyArgument.OptionalId(firstId, nameof(firstId), "oldest message already seen");
        DifyArgument.Limit(limit, nameof(limit));
        return List(id, u, first, limit, cancellationToken);
    }

    public IAsyncEnumerable<DifyMessage> WalkBackAsync(string conversationId, string? user = null, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(conversationId, nameof(conversationId), "conversation");
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        DifyArgument.Limit(pageSize, nameof(pageSize));
        return Walk(id, u, pageSize, cancellationToken);
    }

    private async IAsyncEnumerable<DifyMessage> Walk(string conversationId, string user, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? firstId = null;
        while (true)
        {
            var page = await List(conversationId, user, firstId, pageSize, cancellationToken).ConfigureAwait(false);
            // Inside a page messages run oldest to newest; walking back means newest first.
            for (var i = page.Data.Count - 1; i >= 0; i--) yield return page.Data[i];
            if (!page.HasMore || page.Data.Count == 0) yield break;
            var oldest = page.Data[0].Id;
            if (oldest is null || oldest == firstId) yield break;
            firstId = oldest;
        }
    }

    private Task<DifyPage<DifyMessage>> List(string conversationId, string user, string? firstId, int limit, CancellationToken cancellationToken)
    {
        var path = DifyPath.WithQuery("messages",
            ("conversation_id", conversationId), ("user", user), ("first_id", firstId), ("limit", DifyPath.Int(limit)));
        var request = _core.Request("getConversationHistory", HttpMethod.Get, path, DifyOperationKind.Read) with { ConversationId = conversationId };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyPageDifyMessage, cancellationToken);
    }
}
