namespace Dify.HA.Client;

/// <summary>The app's own description.</summary>
public interface IDifyAppApi
{
    /// <summary>Gets the app's name, description, tags and mode (<c>getChatAppInfo</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The info.</returns>
    Task<DifyAppInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the app's features and input form (<c>getChatAppParameters</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parameters.</returns>
    Task<DifyAppParameters> GetParametersAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the app's tool icons (<c>getChatAppMeta</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The meta information.</returns>
    Task<DifyAppMeta> GetMetaAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the app's WebApp settings (<c>getChatWebAppSettings</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The settings.</returns>
    Task<DifyAppSite> GetSiteAsync(CancellationToken cancellationToken = default);
}
