using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Dify.HA.Data.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dify.HA.Benchmarks.Tasks.InMemory;

/// <summary>
/// Tasks per second end to end on the in-memory backend (ITaskQueue.EnqueueAsync → store → hosted worker → no-op
/// handler → ack) next to a bare <see cref="Channel{T}"/> producer/consumer loop with the same consumer count, in the
/// same run. Results are per task (OperationsPerInvoke). Run:
/// <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *InMemoryTaskThroughput* --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class InMemoryTaskThroughputBenchmarks
{
    private const int Tasks = 100_000;
    private IHost _host = null!;
    private ITaskQueue _queue = null!;
    private NoopCounter _counter = null!;

    /// <summary>Worker concurrency, and consumer loops of the bare channel.</summary>
    [Params(1, 2)]
    public int Consumers { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _counter = new NoopCounter();
        builder.Services.AddSingleton(_counter);
        builder.Services.AddSingleton<NoopHandler>();
        builder.Services.AddDifyTasks().AddQueue<BenchPayload, NoopHandler>("bench", o =>
        {
            o.Concurrency = Consumers;
            o.PrefetchCount = 256;
        });
        _host = builder.Build();
        await _host.StartAsync();
        _queue = _host.Services.GetRequiredService<ITaskQueue>();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Tasks)]
    public async Task InMemoryEndToEnd()
    {
        var done = _counter.Expect(Tasks);
        var payload = new BenchPayload("doc", 1);
        for (var i = 0; i < Tasks; i++)
        {
            await _queue.EnqueueAsync("bench", payload);
        }

        await done;
    }

    /// <summary>
    /// The same work with a backlog: all tasks enqueued first (through a producer-only host), then a worker host on the
    /// same store starts and drains them; both phases (and the worker host's start and stop) are measured.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Tasks)]
    public async Task InMemoryBacklogEnqueueThenDrain()
    {
        var store = new Dify.HA.Data.Tasks.InMemory.InMemoryTaskStore();
        var producer = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        producer.Services.AddDifyTasks().UseStore(_ => store).AddQueue<BenchPayload>("backlog");
        using var producerHost = producer.Build();
        var queue = producerHost.Services.GetRequiredService<ITaskQueue>();
        var payload = new BenchPayload("doc", 1);
        for (var i = 0; i < Tasks; i++)
        {
            await queue.EnqueueAsync("backlog", payload);
        }

        var counter = new NoopCounter();
        var done = counter.Expect(Tasks);
        var worker = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        worker.Logging.SetMinimumLevel(LogLevel.Warning);
        worker.Services.AddSingleton(counter);
        worker.Services.AddSingleton<NoopHandler>();
        worker.Services.AddDifyTasks().UseStore(_ => store).AddQueue<BenchPayload, NoopHandler>("backlog", o =>
        {
            o.Concurrency = Consumers;
            o.PrefetchCount = 256;
        });
        using var workerHost = worker.Build();
        await workerHost.StartAsync();
        await done;
        await workerHost.StopAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks)]
    public async Task BareChannel()
    {
        var channel = Channel.CreateUnbounded<BenchPayload>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
        var handled = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readers = new Task[Consumers];
        for (var r = 0; r < Consumers; r++)
        {
            readers[r] = Task.Run(async () =>
            {
                await foreach (var item in channel.Reader.ReadAllAsync())
                {
                    GC.KeepAlive(item);
                    if (Interlocked.Increment(ref handled) == Tasks)
                    {
                        done.SetResult();
                    }
                }
            });
        }

        var payload = new BenchPayload("doc", 1);
        for (var i = 0; i < Tasks; i++)
        {
            channel.Writer.TryWrite(payload);
        }

        await done.Task;
        channel.Writer.Complete();
        await Task.WhenAll(readers);
    }
}
