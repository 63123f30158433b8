using Dify.HA.Client;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Microsoft.Extensions.AI chat clients over Dify clients: <c>services.AddDifyChatClient("support")</c>.</summary>
public static class DifyChatClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="DifyChatClient"/> over the Dify client <paramref name="name"/> (registered with
    /// <c>AddDifyClient</c>), as <see cref="IChatClient"/> and as <see cref="DifyChatClient"/>: keyed by
    /// <paramref name="name"/> when one is given, unkeyed for the default client (<paramref name="name"/> null).
    /// <see cref="DifyChatClientOptions.ProviderUri"/> is set to the client's base URL (or first endpoint) before
    /// <paramref name="configure"/> runs. <see cref="IChatClient"/> is added with TryAdd: to put M.E.AI middleware on
    /// top, register <c>services.AddKeyedChatClient(name, sp =&gt; sp.GetRequiredKeyedService&lt;DifyChatClient&gt;(name))</c>
    /// (or <c>AddChatClient</c> for the default) and chain <c>.UseLogging()</c>, <c>.UseOpenTelemetry()</c>….
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The Dify client's name; null = <see cref="DifyClientOptions.DefaultName"/>, registered unkeyed.</param>
    /// <param name="configure">Sets the chat client's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDifyChatClient(this IServiceCollection services, string? name = null, Action<DifyChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (name is not null) ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var clientName = name ?? DifyClientOptions.DefaultName;
        if (name is null)
        {
            services.TryAddSingleton(sp => Create(sp, clientName, configure));
            services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<DifyChatClient>());
        }
        else
        {
            services.TryAddKeyedSingleton(name, (sp, _) => Create(sp, clientName, configure));
            services.TryAddKeyedSingleton<IChatClient>(name, (sp, key) => sp.GetRequiredKeyedService<DifyChatClient>(key));
        }
        return services;
    }

    private static DifyChatClient Create(IServiceProvider services, string name, Action<DifyChatClientOptions>? configure)
    {
        var client = services.GetRequiredService<IDifyClientFactory>().CreateClient(name);
        var difyOptions = services.GetRequiredService<IOptionsMonitor<DifyClientOptions>>().Get(name);
        var options = new DifyChatClientOptions
        {
            ProviderUri = difyOptions.BaseUrl ?? difyOptions.Topology.Regions.FirstOrDefault()?.Endpoints.FirstOrDefault()?.BaseUrl,
        };
        configure?.Invoke(options);
        return new DifyChatClient(client, options, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }
}
