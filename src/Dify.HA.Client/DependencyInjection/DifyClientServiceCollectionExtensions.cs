using Dify.HA.Client;
using Dify.HA.Client.Api;
using Dify.HA.Client.DependencyInjection;
using Dify.HA.Client.Knowledge.Internal;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Dify clients: <c>services.AddDifyClient("support", o => …)</c>.</summary>
public static class DifyClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default client (<see cref="DifyClientOptions.DefaultName"/>) and <see cref="IDifyClient"/> for it.
    /// Options are bound from <c>Dify:Clients:Default</c> of the app's <see cref="IConfiguration"/> when there is one,
    /// then <paramref name="configure"/> runs.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration of the client.</returns>
    public static IDifyClientBuilder AddDifyClient(this IServiceCollection services, Action<DifyClientOptions> configure)
        => services.AddDifyClient(DifyClientOptions.DefaultName, configure);

    /// <summary>
    /// Registers a named client. Options are bound from <c>Dify:Clients:&lt;name&gt;</c> of the app's <see cref="IConfiguration"/>
    /// when there is one, then <paramref name="configure"/> runs (code wins over configuration). Validated at start-up.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name (for <see cref="IDifyClientFactory.CreateClient"/> and keyed <see cref="IDifyClient"/>).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration of the client.</returns>
    public static IDifyClientBuilder AddDifyClient(this IServiceCollection services, string name, Action<DifyClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddDifyClient(name);
        services.Configure(name, configure);
        return builder;
    }

    /// <summary>
    /// Registers a named client bound from <paramref name="configuration"/> (e.g. <c>configuration.GetSection("Dify:Clients:support")</c>);
    /// validation messages name the section's keys.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configuration">The section holding <c>BaseUrl</c>, <c>ApiKey</c>, ….</param>
    /// <returns>A builder for further configuration of the client.</returns>
    public static IDifyClientBuilder AddDifyClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keyPrefix = configuration is IConfigurationSection section ? section.Path : $"{DifyClientOptions.ConfigurationSection}:{name}";
        var builder = Register(services, name, keyPrefix, bindAppConfiguration: false);
        services.AddOptions<DifyClientOptions>(name).Bind(configuration);
        return builder;
    }

    /// <summary>
    /// Registers a named client configured only from <c>Dify:Clients:&lt;name&gt;</c> of the app's <see cref="IConfiguration"/>
    /// (e.g. appsettings.json or environment variables such as <c>Dify__Clients__support__ApiKey</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name.</param>
    /// <returns>A builder for further configuration of the client.</returns>
    public static IDifyClientBuilder AddDifyClient(this IServiceCollection services, string name)
        => Register(services, name, $"{DifyClientOptions.ConfigurationSection}:{name}", bindAppConfiguration: true);

    private static DifyClientBuilder Register(IServiceCollection services, string name, string keyPrefix, bool bindAppConfiguration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains(':', StringComparison.Ordinal))
            throw new ArgumentException($"A Dify client name cannot contain ':' (it is a configuration key segment under {DifyClientOptions.ConfigurationSection}): use e.g. \"support-eu\".", nameof(name));

        var registry = GetOrAddRegistry(services);
        var firstTime = !registry.Contains(name);
        registry.Add(name, keyPrefix);

        if (firstTime)
        {
            var options = services.AddOptions<DifyClientOptions>(name);
            if (bindAppConfiguration)
            {
                // Bind from the app's configuration when the host has one; a bare ServiceCollection has none.
                options.Configure<IServiceProvider>((o, sp) =>
                {
                    if (sp.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                        configuration.GetSection($"{DifyClientOptions.ConfigurationSection}:{name}").Bind(o);
                });
            }
            options.ValidateOnStart();
            // A name holds an app key or a Knowledge API key; which API it serves is checked when the client is created.
            services.AddSingleton<IValidateOptions<DifyClientOptions>>(new KeyKindOptionsValidator(name, keyPrefix));

            // Our own timeouts (blocking Timeout, stream idle timeout) govern; HttpClient's 100 s default would cut streams.
            services.AddHttpClient(DifyHttpClientNames.For(name), c => c.Timeout = Timeout.InfiniteTimeSpan);

            // The seam: the HA pipeline (topology, prober, HaTransport) is the keyed IDifyTransport of the name.
            DifyPipelineServices.Add(services, name, keyPrefix);
            services.AddKeyedSingleton<IDifyClient>(name, (sp, _) => sp.GetRequiredService<IDifyClientFactory>().CreateClient(name));
            services.AddKeyedSingleton<IDifyKnowledgeClient>(name, (sp, _) => sp.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient(name));
        }

        services.TryAddSingleton<IDifyClientFactory, DifyClientFactory>();
        if (name == DifyClientOptions.DefaultName)
        {
            services.TryAddSingleton<IDifyClient>(sp => sp.GetRequiredService<IDifyClientFactory>().CreateClient(DifyClientOptions.DefaultName));
            services.TryAddSingleton<IDifyKnowledgeClient>(sp => sp.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient(DifyClientOptions.DefaultName));
        }

        return new DifyClientBuilder(name, services);
    }

    private static DifyClientRegistry GetOrAddRegistry(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(DifyClientRegistry) && descriptor.ImplementationInstance is DifyClientRegistry existing)
                return existing;
        }
        var registry = new DifyClientRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
