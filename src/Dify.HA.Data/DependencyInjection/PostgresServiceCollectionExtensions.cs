using Dify.HA.Data.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Entry points live in the DI namespace so that they show up on IServiceCollection without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers <see cref="PostgresRoutingDataSource"/> (a singleton) and its health check.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL router with options bound from <paramref name="configuration"/>'s
    /// <paramref name="sectionPath"/> section, validated at start-up with messages naming the section's keys
    /// (the same shape as <c>AddDifyRedis</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="sectionPath">The options' section; default <c>Dify:Postgres</c>.</param>
    /// <param name="configure">Optional code-only settings applied after binding (e.g. <see cref="PostgresRoutingOptions.ConfigureDataSource"/>).</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDifyPostgres(
        this IServiceCollection services,
        IConfiguration configuration,
        string sectionPath = PostgresRoutingOptions.SectionName,
        Action<PostgresRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        var builder = services.AddOptions<PostgresRoutingOptions>().Bind(configuration.GetSection(sectionPath));
        if (configure is not null) builder.Configure(configure);
        return AddCore(services, sectionPath);
    }

    /// <summary>Registers the PostgreSQL router configured in code, validated at start-up.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDifyPostgres(this IServiceCollection services, Action<PostgresRoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresRoutingOptions>().Configure(configure);
        return AddCore(services, PostgresRoutingOptions.SectionName);
    }

    private static IServiceCollection AddCore(IServiceCollection services, string section)
    {
        services.AddOptions<PostgresRoutingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresRoutingOptions>>(new PostgresRoutingOptionsValidator(section)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PostgresRoutingDataSource(
            sp.GetRequiredService<IOptions<PostgresRoutingOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<PostgresRoutingHealthCheck>();
        return services;
    }
}
