using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL task backend: <c>services.AddDifyTasks(configuration).UsePostgres()</c>.</summary>
public static class TasksPostgresBuilderExtensions
{
    /// <summary>
    /// Uses the PostgreSQL backend (<see cref="PostgresTaskStore"/>, also registered as itself for the outbox) over the
    /// registered <see cref="PostgresRoutingDataSource"/> (call <c>AddDifyPostgres</c> too): every statement runs on the
    /// current primary. Options bind from <c>Dify:Tasks:Postgres</c> of the configuration given to <c>AddDifyTasks</c>,
    /// then <paramref name="configure"/> applies; they are validated at start-up.
    /// </summary>
    /// <param name="builder">The task builder.</param>
    /// <param name="configure">Changes to the options, or null.</param>
    /// <returns>The builder.</returns>
    public static DifyTasksBuilder UsePostgres(this DifyTasksBuilder builder, Action<PostgresTaskStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PostgresTaskStoreOptions>();
        if (builder.Configuration is not null) options.Bind(builder.Configuration.GetSection(PostgresTaskStoreOptions.SectionName));
        if (configure is not null) options.Configure(configure);
        options.Validate<IServiceProvider>(
            (o, sp) =>
            {
                o.Validate(PostgresTaskStoreOptions.SectionName);
                if (sp.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(PostgresRoutingDataSource)))
                {
                    throw new OptionsValidationException(
                        PostgresTaskStoreOptions.SectionName,
                        typeof(PostgresTaskStoreOptions),
                        ["The PostgreSQL task backend (UsePostgres) needs the PostgreSQL router: call services.AddDifyPostgres(configuration) too (it binds Dify:Postgres)."]);
                }

                return true;
            }).ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new PostgresTaskStore(
            sp.GetRequiredService<PostgresRoutingDataSource>(),
            sp.GetRequiredService<IOptions<PostgresTaskStoreOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return builder.UseStore(sp => sp.GetRequiredService<PostgresTaskStore>());
    }
}
