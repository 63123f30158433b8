using Dify.HA.Client;
using Dify.HA.Client.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Further configuration of a client registered with <c>AddDifyClient</c>.</summary>
public static class DifyClientBuilderExtensions
{
    /// <summary>Configures the client's <see cref="HttpClient"/> (its IHttpClientFactory registration): add delegating
    /// handlers, a proxy, certificates, …. Timeouts are the client's own: leave <see cref="HttpClient.Timeout"/> alone.</summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configure">Configures the HTTP client's builder.</param>
    /// <returns>The same builder.</returns>
    public static IDifyClientBuilder ConfigureHttpClient(this IDifyClientBuilder builder, Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddHttpClient(DifyHttpClientNames.For(builder.Name)));
        return builder;
    }
}
