using Dify.HA.Data.Tasks.InMemory;
using Dify.HA.Data.Tasks.Internals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tasks;

/// <summary>
/// Configures the task queues: the backend (<see cref="UseInMemory"/> by default, <see cref="UseStore"/> for any
/// other, which the Redis and PostgreSQL backends' <c>UseRedis</c> / <c>UsePostgres</c> call) and the queues with
/// their handlers. Returned by <c>services.AddDifyTasks(...)</c>.
/// </summary>
public sealed class DifyTasksBuilder
{
    internal DifyTasksBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The services being configured (for backends' extension methods).</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration passed to <c>AddDifyTasks</c>, or null (backends bind their own sections from it).</summary>
    public IConfiguration? Configuration { get; }

    /// <summary>
    /// Uses the in-memory backend (the default). It is NOT durable: tasks are lost when the process stops; use it for
    /// tests and single-process work whose loss is acceptable.
    /// </summary>
    /// <param name="configure">Changes to its options (bound from <c>Dify:Tasks:InMemory</c>), or null.</param>
    /// <returns>This builder.</returns>
    public DifyTasksBuilder UseInMemory(Action<InMemoryTaskStoreOptions>? configure = null)
    {
        var options = Services.AddOptions<InMemoryTaskStoreOptions>();
        if (Configuration is not null) options.Bind(Configuration.GetSection(InMemoryTaskStoreOptions.SectionName));
        if (configure is not null) options.Configure(configure);
        options.Validate(
            o =>
            {
                o.Validate(InMemoryTaskStoreOptions.SectionName);
                return true;
            }).ValidateOnStart();
        return UseStore(sp => new InMemoryTaskStore(
            sp.GetRequiredService<IOptions<InMemoryTaskStoreOptions>>().Value,
            sp.GetService<TimeProvider>()));
    }

    /// <summary>Uses the backend <paramref name="factory"/> creates (once, as a singleton), replacing any chosen before.</summary>
    /// <param name="factory">Creates the store from the services.</param>
    /// <returns>This builder.</returns>
    public DifyTasksBuilder UseStore(Func<IServiceProvider, ITaskStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>
    /// Registers queue <paramref name="name"/> with payload <typeparamref name="TPayload"/> and a hosted worker that
    /// runs <typeparamref name="THandler"/> (resolved from a new scope per task; registered as scoped unless already
    /// registered). Options bind from <c>Dify:Tasks:Queues:{name}</c>, then <paramref name="configure"/> applies.
    /// </summary>
    /// <typeparam name="TPayload">The payload type (JSON).</typeparam>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="name">The queue name: 1 to 100 characters of letters, digits, '-', '_', '.' and ':'.</param>
    /// <param name="configure">Changes to the queue's options, or null.</param>
    /// <returns>This builder.</returns>
    public DifyTasksBuilder AddQueue<TPayload, THandler>(string name, Action<TaskQueueOptions>? configure = null)
        where THandler : class, ITaskHandler<TPayload>
    {
        AddQueue<TPayload>(name, configure);
        Services.TryAddScoped<THandler>();
        Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TaskWorker<TPayload, THandler>>(sp, name));
        return this;
    }

    /// <summary>
    /// Registers queue <paramref name="name"/> for enqueuing only (no worker in this process: a producer service
    /// enqueues, worker services run the handlers).
    /// </summary>
    /// <typeparam name="TPayload">The payload type (JSON).</typeparam>
    /// <param name="name">The queue name: 1 to 100 characters of letters, digits, '-', '_', '.' and ':'.</param>
    /// <param name="configure">Changes to the queue's options, or null.</param>
    /// <returns>This builder.</returns>
    public DifyTasksBuilder AddQueue<TPayload>(string name, Action<TaskQueueOptions>? configure = null)
    {
        TaskQueueNames.ThrowIfInvalid(name, nameof(name));
        foreach (var existing in Services)
        {
            if (existing.ServiceType == typeof(TaskQueueRegistration) &&
                existing.ImplementationInstance is TaskQueueRegistration r &&
                string.Equals(r.Name, name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The task queue '{name}' is registered twice; register each queue once.");
            }
        }

        Services.AddSingleton(new TaskQueueRegistration(name, typeof(TPayload)));
        var options = Services.AddOptions<TaskQueueOptions>(name);
        if (Configuration is not null) options.Bind(Configuration.GetSection($"{DifyTasksOptions.SectionName}:Queues:{name}"));
        if (configure is not null) options.Configure(configure);
        options.Validate<IServiceProvider>(
            (o, sp) =>
            {
                o.Validate(name);
                TaskQueueValidation.ValidateServices<TPayload>(name, o, sp);
                return true;
            }).ValidateOnStart();
        return this;
    }
}
