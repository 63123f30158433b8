using System.Diagnostics.Metrics;
using Dify.HA.Data.DependencyInjection;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Sentinel-aware Redis connection provider.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRedisConnectionProvider"/> (one multiplexer for the application's lifetime) with options
    /// bound from <paramref name="configuration"/>'s <paramref name="sectionPath"/> section, validated at start-up, and
    /// connects when the host starts; also registers <see cref="RedisHealthCheck"/> for <c>AddCheck&lt;RedisHealthCheck&gt;</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="sectionPath">The options' section; default <c>Dify:Redis</c>. Validation messages name keys under it.</param>
    /// <param name="configure">Changes applied after binding (e.g. a password from a secret store), or null.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDifyRedis(
        this IServiceCollection services,
        IConfiguration configuration,
        string sectionPath = RedisConnectionOptions.SectionName,
        Action<RedisConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        var builder = services.AddOptions<RedisConnectionOptions>().Bind(configuration.GetSection(sectionPath));
        if (configure is not null) builder.Configure(configure);
        return AddCore(services, builder, sectionPath);
    }

    /// <summary>
    /// Registers <see cref="IRedisConnectionProvider"/> with options set in code, validated at start-up (messages name
    /// keys under <c>Dify:Redis</c>), and connects when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDifyRedis(this IServiceCollection services, Action<RedisConnectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, services.AddOptions<RedisConnectionOptions>().Configure(configure), RedisConnectionOptions.SectionName);
    }

    private static IServiceCollection AddCore(IServiceCollection services, OptionsBuilder<RedisConnectionOptions> builder, string sectionPath)
    {
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisConnectionOptions>>(new RedisConnectionOptionsValidator(sectionPath)));
        services.TryAddSingleton(sp => new RedisConnectionProvider(
            sp.GetRequiredService<IOptions<RedisConnectionOptions>>().Value,
            sp.GetService<ILogger<RedisConnectionProvider>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>(),
            sectionPath));
        services.TryAddSingleton<IRedisConnectionProvider>(sp => sp.GetRequiredService<RedisConnectionProvider>());
        services.TryAddSingleton<RedisHealthCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisConnectionStartupService>());
        return services;
    }
}
