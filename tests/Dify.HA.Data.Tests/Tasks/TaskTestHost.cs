using Dify.HA.Data.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>A host with the task services, one "documents" queue handled by <see cref="ProbeHandler"/>, started and stopped by the test.</summary>
public sealed class TaskTestHost : IAsyncDisposable
{
    public const string Queue = "documents";

    private TaskTestHost(IHost host, TaskProbe probe)
    {
        Host = host;
        Probe = probe;
    }

    public IHost Host { get; }

    public TaskProbe Probe { get; }

    public ITaskQueue Tasks => Host.Services.GetRequiredService<ITaskQueue>();

    public ITaskStore Store => Host.Services.GetRequiredService<ITaskStore>();

    public static TaskTestHost Create(
        Action<TaskQueueOptions>? queue = null,
        TimeProvider? time = null,
        ITaskStore? store = null,
        TaskProbe? probe = null,
        TimeSpan? shutdownTimeout = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        probe ??= new TaskProbe();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
            probe.Time = time;
        }

        builder.Services.AddSingleton(probe);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(5));
        var tasks = builder.Services.AddDifyTasks(o => o.ConsumerName = "test");
        if (store is not null)
        {
            tasks.UseStore(_ => store);
        }

        tasks.AddQueue<DocumentPayload, ProbeHandler>(Queue, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(20);
            o.BackoffBase = TimeSpan.FromMilliseconds(10);
            o.BackoffMax = TimeSpan.FromMilliseconds(50);
            queue?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        return new TaskTestHost(builder.Build(), probe);
    }

    public Task StartAsync() => Host.StartAsync();

    public Task StopAsync() => Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
