using System.Diagnostics;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>Enqueue validation, options validation at start-up, and trace linking.</summary>
public sealed class TaskQueueApiTests
{
    private const string Q = TaskTestHost.Queue;

    private sealed class Unserializable
    {
        public string Value => throw new InvalidOperationException("getter fails");
    }

    [Fact]
    public async Task Bad_enqueue_input_throws_argument_exception_naming_the_parameter_and_writes_nothing()
    {
        await using var host = TaskTestHost.Create();
        var queue = host.Tasks;
        var payload = new DocumentPayload("d", 1);

        Assert.Equal("queue", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync("", payload).AsTask())).ParamName);
        var unknown = await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync("nope", payload).AsTask());
        Assert.Equal("queue", unknown.ParamName);
        Assert.Contains("nope", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync(Q, payload, new TaskEnqueueOptions { Delay = TimeSpan.FromSeconds(-1) }).AsTask())).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync(Q, payload, new TaskEnqueueOptions { MaxAttempts = 0 }).AsTask())).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync(Q, payload, new TaskEnqueueOptions { Timeout = TimeSpan.Zero }).AsTask())).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync(Q, payload, new TaskEnqueueOptions { Delay = TimeSpan.FromSeconds(1), NotBefore = DateTimeOffset.UtcNow }).AsTask())).ParamName);
        Assert.Equal("options", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync(Q, payload, new TaskEnqueueOptions { IdempotencyKey = "" }).AsTask())).ParamName);
        Assert.Equal("payload", (await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync(Q, "a string, not a DocumentPayload").AsTask())).ParamName);

        var stats = await host.Store.GetStatsAsync(Q, CancellationToken.None);
        Assert.Equal(0, stats.Depth);
    }

    [Fact]
    public async Task Unserializable_payload_throws_argument_exception_and_writes_nothing()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDifyTasks().AddQueue<Unserializable>("weird");
        using var host = builder.Build();
        var queue = host.Services.GetRequiredService<ITaskQueue>();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueAsync("weird", new Unserializable()).AsTask());
        Assert.Equal("payload", error.ParamName);
        Assert.Equal(0, (await queue.GetStatsAsync("weird")).Depth);
    }

    [Fact]
    public async Task Repeated_idempotency_key_returns_the_first_task_id()
    {
        await using var host = TaskTestHost.Create();
        var first = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("d", 1), new TaskEnqueueOptions { IdempotencyKey = "upload-77" });
        var second = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("d", 2), new TaskEnqueueOptions { IdempotencyKey = "upload-77" });
        Assert.Equal(first, second);
        Assert.Equal(1, (await host.Tasks.GetStatsAsync(Q)).Depth);
    }

    [Fact]
    public async Task Invalid_queue_options_fail_at_start_naming_the_configuration_key()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dify:Tasks:Queues:dataset:Concurrency"] = "0",
            ["Dify:Tasks:Queues:dataset:LeaseDuration"] = "00:00:10",
            ["Dify:Tasks:Queues:dataset:HeartbeatInterval"] = "00:00:08",
        });
        builder.Services.AddSingleton(new TaskProbe());
        builder.Services.AddDifyTasks(builder.Configuration).AddQueue<DocumentPayload, ProbeHandler>("dataset");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Dify:Tasks:Queues:dataset:Concurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dify:Tasks:Queues:dataset:HeartbeatInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Effect_once_without_an_idempotency_store_on_a_durable_backend_fails_at_start()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(new TaskProbe());
        builder.Services.AddDifyTasks()
            .UseStore(_ => new LossyCompleteStore(new Dify.HA.Data.Tasks.InMemory.InMemoryTaskStore(), int.MaxValue, 0))
            .AddQueue<DocumentPayload, ProbeHandler>("mail", o => o.EffectOnce = true);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Dify:Tasks:Queues:mail:EffectOnce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_registered_twice_is_refused()
    {
        var services = new ServiceCollection();
        var tasks = services.AddDifyTasks().AddQueue<DocumentPayload>("dup");
        Assert.Throws<InvalidOperationException>(() => tasks.AddQueue<DocumentPayload>("dup"));
        Assert.Throws<ArgumentException>(() => tasks.AddQueue<DocumentPayload>("bad name"));
    }

    [Fact]
    public async Task Process_span_links_to_the_enqueue_span()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TaskTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = TaskTestHost.Create();
        await host.StartAsync();

        using var parent = new Activity("upload-request").Start();
        var id = await host.Tasks.EnqueueAsync(Q, new DocumentPayload("traced", 0));
        parent.Stop();
        await Eventually.TrueAsync(() => spans.Any(s => s.OperationName == TaskTelemetry.ProcessActivity && (string?)s.GetTagItem(TaskTelemetry.TaskIdTag) == id), "process span");

        var enqueue = spans.Single(s => s.OperationName == TaskTelemetry.EnqueueActivity && (string?)s.GetTagItem(TaskTelemetry.TaskIdTag) == id);
        var process = spans.Single(s => s.OperationName == TaskTelemetry.ProcessActivity && (string?)s.GetTagItem(TaskTelemetry.TaskIdTag) == id);
        Assert.Equal(parent.TraceId, enqueue.TraceId);
        Assert.Equal(ActivityKind.Producer, enqueue.Kind);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        var link = Assert.Single(process.Links);
        Assert.Equal(enqueue.TraceId, link.Context.TraceId);
        Assert.Equal(enqueue.SpanId, link.Context.SpanId);
        Assert.Equal("completed", process.GetTagItem(TaskTelemetry.OutcomeTag));
    }
}
