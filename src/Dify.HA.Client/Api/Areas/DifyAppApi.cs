using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyAppApi : IDifyAppApi
{
    private readonly DifyApiCore _core;

    public DifyAppApi(DifyApiCore core) => _core = core;

    public Task<DifyAppInfo> GetInfoAsync(CancellationToken cancellationToken = default)
        => _core.SendAsync(_core.Request("getChatAppInfo", HttpMethod.Get, "info", DifyOperationKind.Read), DifyApiJsonContext.Default.DifyAppInfo, cancellationToken);

    public Task<DifyAppParameters> GetParametersAsync(CancellationToken cancellationToken = default)
        => _core.SendAsync(_core.Request("getChatAppParameters", HttpMethod.Get, "parameters", DifyOperationKind.Read), DifyApiJsonContext.Default.DifyAppParameters, cancellationToken);

    public Task<DifyAppMeta> GetMetaAsync(CancellationToken cancellationToken = default)
        => _core.SendAsync(_core.Request("getChatAppMeta", HttpMethod.Get, "meta", DifyOperationKind.Read), DifyApiJsonContext.Default.DifyAppMeta, cancellationToken);

    public Task<DifyAppSite> GetSiteAsync(CancellationToken cancellationToken = default)
        => _core.SendAsync(_core.Request("getChatWebAppSettings", HttpMethod.Get, "site", DifyOperationKind.Read), DifyApiJsonContext.Default.DifyAppSite, cancellationToken);
}
