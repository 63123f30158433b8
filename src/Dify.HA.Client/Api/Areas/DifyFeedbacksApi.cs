using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyFeedbacksApi : IDifyFeedbacksApi
{
    private readonly DifyApiCore _core;

    public DifyFeedbacksApi(DifyApiCore core) => _core = core;

    public Task SubmitAsync(string messageId, DifyFeedbackRating? rating, string? user = null, string? content = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(messageId, nameof(messageId), "message");
        if (rating is { } r && !Enum.IsDefined(r))
            throw new ArgumentOutOfRangeException(nameof(rating), r, "rating must be Like, Dislike, or null to revoke.");
        var body = new FeedbackBody(rating, DifyArgument.User(user, _core.Options, nameof(user)), content);
        var request = _core.Request("postChatMessageFeedback", HttpMethod.Post, $"messages/{DifyPath.Segment(id)}/feedbacks", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.FeedbackBody, nameof(content)),
        };
        return _core.SendAsync(request, cancellationToken);
    }

    public async Task<IReadOnlyList<DifyAppFeedback>> ListAsync(int page = 1, int limit = 20, CancellationToken cancellationToken = default)
    {
        DifyArgument.Page(page, nameof(page));
        DifyArgument.Limit(limit, nameof(limit));
        var path = DifyPath.WithQuery("app/feedbacks", ("page", DifyPath.Int(page)), ("limit", DifyPath.Int(limit)));
        var request = _core.Request("getChatAppFeedbacks", HttpMethod.Get, path, DifyOperationKind.Read);
        var result = await _core.SendAsync(request, DifyApiJsonContext.Default.AppFeedbacksResult, cancellationToken).ConfigureAwait(false);
        return result.Data ?? [];
    }
}
