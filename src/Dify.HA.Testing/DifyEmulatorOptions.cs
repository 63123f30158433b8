namespace Dify.HA.Testing;

/// <summary>Settings of one emulator instance. Validated by <see cref="DifyEmulator.StartAsync"/>.</summary>
public sealed class DifyEmulatorOptions
{
    private static int _counter;

    /// <summary>Instance name (shown in logs and <see cref="DifyEmulator.Name"/>). Default: "emulator-N", unique in the process.</summary>
    public string Name { get; set; } = "emulator-" + Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Region name. Instances started with the same region name share one store (conversations, messages, files,
    /// workflow runs, running tasks), like API instances behind one database. Default: <see langword="null"/>, which
    /// means the instance's own <see cref="Name"/> (a region of one).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>TCP port on 127.0.0.1. Default 0 (any free port); range 0–65535.</summary>
    public int Port { get; set; }

    /// <summary>The apps served. Default: the five apps of <see cref="EmulatorApp.CreateDefaults"/>. Keys must be unique.</summary>
    public IList<EmulatorApp> Apps { get; } = [.. EmulatorApp.CreateDefaults()];

    /// <summary>Idle time after which a stream sends <c>event: ping</c>. Default 10 s (Dify's); range 1 ms – 10 min.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gap between streamed answer tokens. Default 5 ms; range 0 – 1 min.</summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Seed of generated answers and of fault randomness. Default 42; same seed and query give the same answer.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Concurrent generations per app in the region (Dify's APP_MAX_ACTIVE_REQUESTS); beyond it generation requests
    /// answer 429 <c>too_many_requests</c>. A stream holds its slot until it closes. Default 0 (unlimited); range ≥ 0.
    /// </summary>
    public int MaxActiveRequestsPerApp { get; set; }

    /// <summary>Clock of every delay the emulator makes (tokens, pings, latency faults) and of its timestamps. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Value of the <c>X-Version</c> header and of the version in <c>/health</c>. Default "1.11.1".</summary>
    public string ServerVersion { get; set; } = "1.11.1";

    /// <summary>Value of the <c>X-Env</c> header. Default "PRODUCTION" (Dify's DEPLOY_ENV default).</summary>
    public string DeployEnvironment { get; set; } = "PRODUCTION";

    /// <summary>Largest accepted upload for <c>/files/upload</c> in bytes; larger answers 413 <c>file_too_large</c>. Default 15 MB (Dify's); range 1 B – 1 GB.</summary>
    public long MaxUploadBytes { get; set; } = 15L * 1024 * 1024;

    /// <summary>
    /// Knowledge API keys (Dify's dataset keys, <c>Authorization: Bearer dataset-…</c>). They open the knowledge routes
    /// (<c>/datasets…</c>, <c>/workspaces/current/models/…</c>) and no app route; app keys open no knowledge route (401
    /// either way, as Dify). All dataset keys of a region see the same workspace: its datasets, tags and files. Add a key
    /// with <c>options.DatasetApiKeys.Add("dataset-mine")</c>; clear the list to serve no Knowledge API. Default:
    /// <c>dataset-test</c>. Keys must be non-empty, unique and distinct from the app keys.
    /// </summary>
    public IList<string> DatasetApiKeys { get; } = ["dataset-test"];

    /// <summary>
    /// Length of each step of the emulated indexing of a document (waiting → parsing → cleaning → splitting → indexing →
    /// completed: five steps, so a document is searchable 5 × this after it was created or updated), measured on
    /// <see cref="TimeProvider"/>. Default 100 ms; range 0 (completed at once) – 10 min.
    /// </summary>
    public TimeSpan IndexingStepDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Rate-limited knowledge requests (the writes, download and retrieve Dify checks) a region's workspace may make per
    /// rolling minute before Dify's knowledge rate limit answers 403 <c>forbidden</c> (the subscription limit of Dify
    /// Cloud). Default 0 (unlimited, as self-hosted Dify); range ≥ 0.
    /// To switch the limit on and off at run time use <see cref="EmulatorFaults.KnowledgeRateLimit(int, bool)"/>.
    /// </summary>
    public int KnowledgeRequestsPerMinute { get; set; }

    internal void Validate()
    {
        if (IndexingStepDuration < TimeSpan.Zero || IndexingStepDuration > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(IndexingStepDuration), IndexingStepDuration, "DifyEmulatorOptions.IndexingStepDuration must be between 0 (indexing completes at once) and 10 min.");
        if (KnowledgeRequestsPerMinute < 0)
            throw new ArgumentOutOfRangeException(nameof(KnowledgeRequestsPerMinute), KnowledgeRequestsPerMinute, "DifyEmulatorOptions.KnowledgeRequestsPerMinute must be 0 (unlimited) or positive.");
        var datasetKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in DatasetApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key))
                throw new ArgumentException("DifyEmulatorOptions.DatasetApiKeys contains an empty key: use keys such as \"dataset-test\".", nameof(DatasetApiKeys));
            if (!datasetKeys.Add(key))
                throw new ArgumentException("DifyEmulatorOptions.DatasetApiKeys lists the same key twice: give each key once.", nameof(DatasetApiKeys));
            if (Apps.Any(a => a is not null && a.ApiKey == key))
                throw new ArgumentException("DifyEmulatorOptions.DatasetApiKeys has a key that is also an app key: a key is either an app key or a dataset key.", nameof(DatasetApiKeys));
        }

        // Messages name the option and the fix: a test author reads them in a failed test's output.
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("DifyEmulatorOptions.Name must not be empty: give the instance a name such as \"eu-1\".", nameof(Name));
        if (Region is not null && string.IsNullOrWhiteSpace(Region))
            throw new ArgumentException("DifyEmulatorOptions.Region must be null (a region of one) or a non-empty name such as \"eu\".", nameof(Region));
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "DifyEmulatorOptions.Port must be 0 (any free port) or 1–65535.");
        if (PingInterval < TimeSpan.FromMilliseconds(1) || PingInterval > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(PingInterval), PingInterval, "DifyEmulatorOptions.PingInterval must be between 1 ms and 10 min (Dify uses 10 s).");
        if (TokenDelay < TimeSpan.Zero || TokenDelay > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(TokenDelay), TokenDelay, "DifyEmulatorOptions.TokenDelay must be between 0 and 1 min.");
        if (MaxActiveRequestsPerApp < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxActiveRequestsPerApp), MaxActiveRequestsPerApp, "DifyEmulatorOptions.MaxActiveRequestsPerApp must be 0 (unlimited) or positive.");
        if (MaxUploadBytes is < 1 or > 1024L * 1024 * 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxUploadBytes), MaxUploadBytes, "DifyEmulatorOptions.MaxUploadBytes must be between 1 byte and 1 GB.");
        if (TimeProvider is null)
            throw new ArgumentException("DifyEmulatorOptions.TimeProvider must not be null: use TimeProvider.System or a FakeTimeProvider.", nameof(TimeProvider));
        if (Apps.Count == 0)
            throw new ArgumentException("DifyEmulatorOptions.Apps is empty: add at least one EmulatorApp (the defaults are app-chat, app-agent, app-chatflow, app-completion, app-workflow).", nameof(Apps));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in Apps)
        {
            if (app is null)
                throw new ArgumentException("DifyEmulatorOptions.Apps contains a null entry.", nameof(Apps));
            if (!keys.Add(app.ApiKey))
                throw new ArgumentException("DifyEmulatorOptions.Apps has two apps with the same API key: give each app its own key.", nameof(Apps));
        }
    }
}
