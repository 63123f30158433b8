using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyEndUsersApi : IDifyEndUsersApi
{
    private readonly DifyApiCore _core;

    public DifyEndUsersApi(DifyApiCore core) => _core = core;

    public Task<DifyEndUser> GetAsync(string endUserId, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(endUserId, nameof(endUserId), "end user");
        var request = _core.Request("getEndUserChat", HttpMethod.Get, $"end-users/{DifyPath.Segment(id)}", DifyOperationKind.Read);
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyEndUser, cancellationToken);
    }
}
