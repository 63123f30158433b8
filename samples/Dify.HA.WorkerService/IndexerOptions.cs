namespace Dify.HA.WorkerService;

/// <summary>The sample's own settings, section <c>Indexer</c> (appsettings.json, or environment variables such as
/// <c>Indexer__Backend=Redis</c>). Validated at start-up; a failure names the key and the fix.</summary>
public sealed class IndexerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Indexer";

    /// <summary>The Dify client name: its settings live under <c>Dify:Clients:kb</c>.</summary>
    public const string ClientName = "kb";

    /// <summary>The task queue the documents go through.</summary>
    public const string QueueName = "documents";

    /// <summary>Where the tasks are stored. Default <see cref="TaskBackend.InMemory"/> (not durable).</summary>
    public TaskBackend Backend { get; set; } = TaskBackend.InMemory;

    /// <summary>The dataset to index into. Default null: find the dataset named <see cref="DatasetName"/>, or create it.</summary>
    public string? DatasetId { get; set; }

    /// <summary>Name of the dataset found or created when <see cref="DatasetId"/> is not set. Default
    /// "Dify.HA worker sample"; 1–40 characters (Dify's limit).</summary>
    public string DatasetName { get; set; } = "Dify.HA worker sample";

    /// <summary>A folder whose <c>*.txt</c> and <c>*.md</c> files (recursively) are the documents. Default null: a
    /// built-in list of sample documents.</summary>
    public string? SourceFolder { get; set; }

    /// <summary>True (default): enqueue the documents once, wait until every task is finished (indexed or
    /// dead-lettered), print a summary and exit. False: keep running; a <see cref="SourceFolder"/> is scanned again
    /// every <see cref="ScanInterval"/> (unchanged files are not enqueued twice: the idempotency key holds the content hash).</summary>
    public bool Once { get; set; } = true;

    /// <summary>Add one built-in document that Dify's emulator fails to index (its text holds the emulator's
    /// <c>[emulator:index-error]</c> marker), to show a dead letter. Default false; true when the emulator is started
    /// in-process. Only used with the built-in documents.</summary>
    public bool SeedFailingDocument { get; set; }

    /// <summary>How often the folder is scanned when <see cref="Once"/> is false. Default 30 s; 100 ms – 1 day.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the health report is logged. Default 30 s; 100 ms – 1 day.</summary>
    public TimeSpan HealthLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay between indexing-status polls (doubles up to 15 s). Default 1 s; 10 ms – 1 min.</summary>
    public TimeSpan IndexingPollDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt waits for Dify to index a document before the task is retried. Default 10 min;
    /// 1 s – 24 h. Keep it below the queue's <c>Timeout</c>.</summary>
    public TimeSpan IndexingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the fix when a value is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Backend))
            throw new ArgumentException($"{SectionName}:Backend is '{Backend}'; set it to InMemory, Redis or Postgres.");
        if (string.IsNullOrWhiteSpace(DatasetId) && (string.IsNullOrWhiteSpace(DatasetName) || DatasetName.Length > 40))
            throw new ArgumentException($"{SectionName}:DatasetName must be 1 to 40 characters (Dify's limit) when {SectionName}:DatasetId is not set; set one of them.");
        if (SourceFolder is not null && !Directory.Exists(SourceFolder))
            throw new ArgumentException($"{SectionName}:SourceFolder '{SourceFolder}' does not exist; create it or remove the key to index the built-in documents.");
        Check(ScanInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1), nameof(ScanInterval));
        Check(HealthLogInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1), nameof(HealthLogInterval));
        Check(IndexingPollDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(IndexingPollDelay));
        Check(IndexingTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), nameof(IndexingTimeout));
    }

    private static void Check(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
            throw new ArgumentException($"{SectionName}:{name} is {value}; set it from {min} to {max}.");
    }
}
