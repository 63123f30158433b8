using Dify.HA.Data.Redis;
using Dify.HA.Data.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dify.HA.TaskWorker.TestHost;

/// <summary>The worker host both sides use: Redis Streams backend, Redis idempotency store, one queue.</summary>
public static class KillTestWorker
{
    public static IHost Build(KillTestSettings settings, KillTestReport report, string consumerName)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(report);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddDifyRedis(o =>
        {
            o.Mode = RedisConnectionMode.Sentinel;
            o.ServiceName = settings.ServiceName;
            o.Password = settings.Password;
            o.ConnectTimeout = TimeSpan.FromSeconds(3);
            o.CommandTimeout = TimeSpan.FromSeconds(2);
            foreach (var endpoint in settings.Sentinels) o.SentinelEndpoints.Add(endpoint);
        });
        builder.Services.AddDifyRedisIdempotencyStore(configure: o => o.KeyPrefix = settings.KeyPrefix + "idem:");
        builder.Services.AddDifyTasks(o => o.ConsumerName = consumerName)
            .UseRedis(o => o.KeyPrefix = settings.KeyPrefix)
            .AddQueue<KillPayload, KillTestHandler>(settings.Queue, o =>
            {
                o.Concurrency = 1;
                o.LeaseDuration = settings.Lease;
                o.HeartbeatInterval = settings.Lease / 4;
                o.PollInterval = TimeSpan.FromMilliseconds(50);
            });
        return builder.Build();
    }
}
