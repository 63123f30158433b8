using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Internals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers idempotent queued tasks: <see cref="ITaskQueue"/>, a backend, and a worker per queue.</summary>
public static class TaskServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITaskQueue"/> and the in-memory backend (NOT durable; replace it with
    /// <see cref="DifyTasksBuilder.UseStore"/> or a backend's <c>UseRedis</c> / <c>UsePostgres</c>). Options bind from
    /// <paramref name="configuration"/>'s <c>Dify:Tasks</c> section when given. Add queues on the returned builder.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (the root: sections <c>Dify:Tasks…</c> are read from it), or null.</param>
    /// <param name="configure">Changes applied after binding, or null.</param>
    /// <returns>The builder, to choose the backend and add queues.</returns>
    public static DifyTasksBuilder AddDifyTasks(this IServiceCollection services, IConfiguration? configuration = null, Action<DifyTasksOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DifyTasksOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection(DifyTasksOptions.SectionName));
        if (configure is not null) options.Configure(configure);
        options.Validate(
            o =>
            {
                o.Validate();
                return true;
            }).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TaskMetricsHolder>();
        services.TryAddSingleton<ITaskQueue, TaskQueueClient>();
        var builder = new DifyTasksBuilder(services, configuration);
        if (!services.Any(d => d.ServiceType == typeof(ITaskStore)))
        {
            builder.UseInMemory();
        }

        return builder;
    }

    /// <summary>As <see cref="AddDifyTasks(IServiceCollection, IConfiguration?, Action{DifyTasksOptions}?)"/> without configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes to the shared options.</param>
    /// <returns>The builder, to choose the backend and add queues.</returns>
    public static DifyTasksBuilder AddDifyTasks(this IServiceCollection services, Action<DifyTasksOptions> configure) =>
        services.AddDifyTasks(null, configure);
}
