using Dify.HA.Data.Redis;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the Redis Streams task backend on a <see cref="DifyTasksBuilder"/>.</summary>
public static class TasksRedisBuilderExtensions
{
    /// <summary>
    /// Uses the Redis Streams backend (<see cref="RedisTaskStore"/>) over the registered
    /// <see cref="IRedisConnectionProvider"/> (call <c>AddDifyRedis</c> too). Options bind from the builder's
    /// configuration section <c>Dify:Tasks:Redis</c> when it has one, then <paramref name="configure"/> applies; they are
    /// validated at start-up.
    /// </summary>
    /// <param name="builder">The tasks builder from <c>AddDifyTasks</c>.</param>
    /// <param name="configure">Changes to the options, or null.</param>
    /// <returns>The builder, for chaining.</returns>
    public static DifyTasksBuilder UseRedis(this DifyTasksBuilder builder, Action<RedisTaskStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RedisTaskStoreOptions>();
        if (builder.Configuration is not null) options.Bind(builder.Configuration.GetSection(RedisTaskStoreOptions.SectionName));
        if (configure is not null) options.Configure(configure);
        options.Validate(
            o =>
            {
                o.Validate(RedisTaskStoreOptions.SectionName);
                return true;
            }).ValidateOnStart();
        return builder.UseStore(sp => new RedisTaskStore(
            sp.GetRequiredService<IRedisConnectionProvider>(),
            sp.GetRequiredService<IOptions<RedisTaskStoreOptions>>().Value,
            sp.GetService<TimeProvider>()));
    }
}
