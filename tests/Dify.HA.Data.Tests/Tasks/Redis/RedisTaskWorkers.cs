using Dify.HA.Data.Redis;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dify.HA.Data.Tests.Tasks.Redis;

/// <summary>
/// Builds worker hosts (the real <c>AddDifyTasks().UseRedis()</c> wiring, queue <see cref="Queue"/> handled by
/// <see cref="ProbeHandler"/>) over one shared connection provider, each with its own consumer name, all under one key
/// prefix so that a test run's keys never meet another's.
/// </summary>
internal static class RedisTaskWorkers
{
    public const string Queue = "documents";

    public static IHost Create(
        IRedisConnectionProvider provider,
        string consumer,
        TaskProbe probe,
        Action<RedisTaskStoreOptions> store,
        Action<TaskQueueOptions>? queue = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(provider);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddDifyTasks(o => o.ConsumerName = consumer)
            .UseRedis(store)
            .AddQueue<DocumentPayload, ProbeHandler>(Queue, o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(20);
                o.BackoffBase = TimeSpan.FromMilliseconds(10);
                o.BackoffMax = TimeSpan.FromMilliseconds(100);
                queue?.Invoke(o);
            });
        return builder.Build();
    }
}
