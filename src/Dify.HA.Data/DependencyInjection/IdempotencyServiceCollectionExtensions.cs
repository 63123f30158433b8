using System.Diagnostics.Metrics;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Idempotency.Internals;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an <see cref="IIdempotencyStore"/> backend (one per application).</summary>
public static class IdempotencyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Redis idempotency store over the registered <see cref="IRedisConnectionProvider"/> (call
    /// <c>AddDifyRedis</c> too), with options bound from <paramref name="configuration"/>'s
    /// <c>Dify:Idempotency:Redis</c> section when given.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration, or null to use defaults and <paramref name="configure"/> only.</param>
    /// <param name="configure">Changes applied after binding, or null.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDifyRedisIdempotencyStore(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<RedisIdempotencyStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<RedisIdempotencyStoreOptions>();
        if (configuration is not null) builder.Bind(configuration.GetSection(RedisIdempotencyStoreOptions.SectionName));
        if (configure is not null) builder.Configure(configure);
        builder.Validate(
            o =>
            {
                o.Validate(RedisIdempotencyStoreOptions.SectionName);
                return true;
            }).ValidateOnStart();
        services.TryAddSingleton<IIdempotencyStore>(sp => new RedisIdempotencyStore(
            sp.GetRequiredService<IRedisConnectionProvider>(),
            sp.GetRequiredService<IOptions<RedisIdempotencyStoreOptions>>().Value,
            sp.GetService<IMeterFactory>()));
        return services;
    }

    /// <summary>
    /// Registers the PostgreSQL idempotency store. Connections to the primary come from a registered
    /// <see cref="PostgresPrimaryConnectionFactory"/> if there is one, else from the PostgreSQL router's write intent when
    /// <c>AddDifyPostgres</c> registered one (failover-aware, no second connection string), else from an
    /// <see cref="NpgsqlDataSource"/> built over <see cref="PostgresIdempotencyStoreOptions.ConnectionString"/> (bound from
    /// <c>Dify:Idempotency:Postgres</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration, or null to use <paramref name="configure"/> only.</param>
    /// <param name="configure">Changes applied after binding, or null.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDifyPostgresIdempotencyStore(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<PostgresIdempotencyStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<PostgresIdempotencyStoreOptions>();
        if (configuration is not null) builder.Bind(configuration.GetSection(PostgresIdempotencyStoreOptions.SectionName));
        if (configure is not null) builder.Configure(configure);

        // Whether a connection string is needed depends on whether a factory is registered, so ask the container.
        builder.Validate<IServiceProvider>(
            (o, sp) =>
            {
                o.Validate(PostgresIdempotencyStoreOptions.SectionName, PrimaryConnections(sp) is not null);
                return true;
            }).ValidateOnStart();
        services.TryAddSingleton<IdempotencyDataSourceHolder>();
        services.TryAddSingleton<IIdempotencyStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresIdempotencyStoreOptions>>().Value;
            var factory = PrimaryConnections(sp);
            if (factory is null)
            {
                options.Validate(PostgresIdempotencyStoreOptions.SectionName, hasFactory: false);
                var dataSource = sp.GetRequiredService<IdempotencyDataSourceHolder>().Get(options.ConnectionString!);
                factory = dataSource.OpenConnectionAsync;
            }

            return new PostgresIdempotencyStore(factory, options, sp.GetService<IMeterFactory>());
        });
        return services;
    }

    /// <summary>An application's own factory first; else the router's write intent, so the store follows a failover.</summary>
    private static PostgresPrimaryConnectionFactory? PrimaryConnections(IServiceProvider services)
    {
        if (services.GetService<PostgresPrimaryConnectionFactory>() is { } factory) return factory;
        if (services.GetService<PostgresRoutingDataSource>() is { } router) return ct => router.OpenConnectionAsync(DbIntent.Write, ct);
        return null;
    }
}
