using Dify.HA.Client;
using Dify.HA.Data.Tasks;
using Dify.HA.Testing;
using Dify.HA.WorkerService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dify.HA.Samples.Tests;

/// <summary>Runs the worker sample's host in-process against a test's own emulator, on the in-memory backend, with a
/// temporary folder of documents, until the host stops itself (<c>Indexer:Once</c>) or the deadline passes.</summary>
internal sealed class WorkerServiceHarness : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dify-ha-worker-").FullName;

    private WorkerServiceHarness(DifyEmulator emulator) => Emulator = emulator;

    public DifyEmulator Emulator { get; }

    public static async Task<WorkerServiceHarness> StartAsync() =>
        // 5 steps × 10 ms: a document is indexed in about 50 ms.
        new(await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.FromMilliseconds(10) }));

    public void AddDocument(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write then rename: a folder scan never reads a half-written file (the temporary name is not *.md/*.txt).
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public string Folder => _folder;

    public Dictionary<string, string?> Overrides(IDictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Dify:Clients:kb:BaseUrl"] = Emulator.BaseUrl.ToString(),
            ["Dify:Clients:kb:ApiKey"] = "dataset-test",
            ["Indexer:Backend"] = "InMemory",
            ["Indexer:Once"] = "true",
            ["Indexer:SourceFolder"] = _folder,
            ["Indexer:IndexingPollDelay"] = "00:00:00.010",
            ["Indexer:HealthLogInterval"] = "00:01:00",
            ["Dify:Tasks:Queues:documents:BackoffBase"] = "00:00:00.010",
            ["Dify:Tasks:Queues:documents:BackoffMax"] = "00:00:00.050",
            ["Dify:Tasks:Queues:documents:PollInterval"] = "00:00:00.020",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) overrides[key] = value;
        return overrides;
    }

    public async Task<WorkerRun> RunAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configureServices = null)
    {
        var overrides = Overrides(extra);
        await using var app = await IndexerApp.CreateAsync([], overrides, configureServices);
        Assert.Null(app.Emulator); // a configured BaseUrl: no embedded emulator
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.Host.StartAsync(deadline.Token);
        // The producer stops the host once every task is indexed or dead-lettered; the deadline only guards a hang.
        await app.Host.WaitForShutdownAsync(deadline.Token);
        Assert.False(deadline.IsCancellationRequested, "the worker did not finish its documents within 20 s");

        return await CollectAsync(app.Host.Services);
    }

    public static async Task<WorkerRun> CollectAsync(IServiceProvider services)
    {
        var report = services.GetRequiredService<IndexingReport>();
        var dead = await services.GetRequiredService<ITaskQueue>().ListDeadLettersAsync(IndexerOptions.QueueName);
        var datasetId = services.GetRequiredService<DatasetResolver>().DatasetId;
        var documents = new List<DifyDocument>();
        if (datasetId is not null)
        {
            var kb = services.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient(IndexerOptions.ClientName);
            await foreach (var d in kb.Documents.ListAllAsync(datasetId)) documents.Add(d);
        }

        return new WorkerRun(report.ExitCode, report.Enqueued, report.Indexed.ToDictionary(), report.FailedAttempts, dead, documents);
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

internal sealed record WorkerRun(
    int ExitCode,
    int Enqueued,
    IReadOnlyDictionary<string, string> Indexed,
    int FailedAttempts,
    IReadOnlyList<DeadLetteredTask> DeadLetters,
    IReadOnlyList<DifyDocument> Documents);
