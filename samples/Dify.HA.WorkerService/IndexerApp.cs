using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Redis;
using Dify.HA.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>
/// Builds the worker's host: configuration (appsettings.json, environment variables, command line), the Dify
/// knowledge client <c>kb</c>, the task queue on the configured backend, the handler, the producer and the health
/// checks. With no <c>Dify:Clients:kb:BaseUrl</c> it starts the Dify emulator in-process first (dataset key
/// <c>dataset-test</c>) and owns it. Tests build it the same way, with their own emulator and overrides.
/// </summary>
public sealed class IndexerApp : IAsyncDisposable
{
    private IndexerApp(IHost host, DifyEmulator? emulator)
    {
        Host = host;
        Emulator = emulator;
    }

    /// <summary>The built host (not started).</summary>
    public IHost Host { get; }

    /// <summary>The in-process emulator, when none was configured; null otherwise.</summary>
    public DifyEmulator? Emulator { get; }

    /// <summary>Builds the host. Switches: <c>--once</c> (exit after the documents are done: the default),
    /// <c>--watch</c> (keep running, re-scan the folder), <c>--folder PATH</c>, <c>--backend InMemory|Redis|Postgres</c>;
    /// any other <c>--Section:Key value</c> is ordinary configuration. <paramref name="overrides"/> win over everything;
    /// <paramref name="configureServices"/> runs last (tests use it to inject faults).</summary>
    public static async Task<IndexerApp> CreateAsync(
        string[] args,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var switches = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--once": switches["Indexer:Once"] = "true"; break;
                case "--watch": switches["Indexer:Once"] = "false"; break;
                case "--folder" when i + 1 < args.Length: switches["Indexer:SourceFolder"] = args[++i]; break;
                case "--backend" when i + 1 < args.Length: switches["Indexer:Backend"] = args[++i]; break;
                default: rest.Add(args[i]); break;
            }
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. rest],
            // appsettings.json sits next to the binary: found whatever the current directory is (dotnet run --project).
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(switches);
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);

        DifyEmulator? emulator = null;
        var clientSection = $"Dify:Clients:{IndexerOptions.ClientName}";
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{clientSection}:BaseUrl"]))
        {
            emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions(), cancellationToken);
            var embedded = new Dictionary<string, string?>
            {
                [$"{clientSection}:BaseUrl"] = emulator.BaseUrl.ToString(),
                [$"{clientSection}:ApiKey"] = "dataset-test",
                ["Indexer:SeedFailingDocument"] = builder.Configuration["Indexer:SeedFailingDocument"] ?? "true",
                // The emulator indexes in 5 × 100 ms: poll it faster than a real Dify.
                ["Indexer:IndexingPollDelay"] = builder.Configuration["Indexer:IndexingPollDelay"] ?? "00:00:00.100",
            };
            builder.Configuration.AddInMemoryCollection(embedded);
        }

        try
        {
            AddIndexer(builder.Services, builder.Configuration, emulator is not null);
            configureServices?.Invoke(builder.Services);
            return new IndexerApp(builder.Build(), emulator);
        }
        catch
        {
            if (emulator is not null) await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers everything the worker needs on <paramref name="services"/>.</summary>
    public static void AddIndexer(IServiceCollection services, IConfiguration configuration, bool embeddedEmulator)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(IndexerOptions.SectionName);
        services.AddOptions<IndexerOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IndexerOptions>, IndexerOptionsValidator>();
        // The backend decides what to register, so it is read now; the binder's own error for a bad enum value would
        // not name the fix.
        var backendText = section[nameof(IndexerOptions.Backend)];
        var backend = TaskBackend.InMemory;
        if (!string.IsNullOrWhiteSpace(backendText) && (!Enum.TryParse(backendText, ignoreCase: true, out backend) || !Enum.IsDefined(backend)))
        {
            throw new OptionsValidationException(
                IndexerOptions.SectionName,
                typeof(IndexerOptions),
                [$"{IndexerOptions.SectionName}:Backend is '{backendText}'; set it to InMemory, Redis or Postgres."]);
        }

        services.AddDifyClient(IndexerOptions.ClientName);
        var baseUrl = configuration[$"Dify:Clients:{IndexerOptions.ClientName}:BaseUrl"];
        services.AddSingleton(new DifyTarget(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri : new Uri("http://unset.invalid/"), embeddedEmulator));

        var health = services.AddHealthChecks()
            .AddCheck<DifyKnowledgeHealthCheck>("dify-knowledge")
            .AddCheck<TaskQueueHealthCheck>("task-queue");
        var tasks = services.AddDifyTasks(configuration);
        switch (backend)
        {
            case TaskBackend.Redis:
                services.AddDifyRedis(configuration);
                services.AddDifyRedisIdempotencyStore(configuration);
                tasks.UseRedis();
                health.AddCheck<RedisHealthCheck>("redis");
                break;
            case TaskBackend.Postgres:
                services.AddDifyPostgres(configuration);
                // The idempotency store takes its connections from the router's primary (no second connection string).
                services.AddDifyPostgresIdempotencyStore(configuration);
                tasks.UsePostgres();
                health.AddCheck<PostgresRoutingHealthCheck>("postgres");
                break;
            default:
                tasks.UseInMemory();
                break;
        }

        // Queue options come from Dify:Tasks:Queues:documents (appsettings.json); only the JSON contract is set here.
        tasks.AddQueue<IndexDocument, IndexDocumentHandler>(IndexerOptions.QueueName, o => o.JsonTypeInfo = WorkerJson.Default.IndexDocument);

        services.AddSingleton<DatasetResolver>();
        services.AddSingleton<IndexingReport>();
        services.AddSingleton<DocumentSource>();
        services.AddSingleton<IndexingSummary>();
        services.AddHostedService<DocumentProducer>();
        services.AddHostedService<HealthReporter>();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable asyncHost) await asyncHost.DisposeAsync();
        else Host.Dispose();
        if (Emulator is not null) await Emulator.DisposeAsync();
    }
}
