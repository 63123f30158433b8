using System.Globalization;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing;

/// <summary>
/// An in-process Dify: Kestrel on 127.0.0.1 serving the app Service API (the 36 operations of Dify's
/// openapi_service.json) with Dify's wire behaviour, for the apps of <see cref="DifyEmulatorOptions.Apps"/>, and the
/// Knowledge API (its 46 operations) for the keys of <see cref="DifyEmulatorOptions.DatasetApiKeys"/>, with
/// run-time fault injection (<see cref="Faults"/>) and counters (<see cref="Stats"/>). Instances of one region share a
/// store, like API instances behind one database. It imitates the wire contract on its own and shares no code with
/// the client.
/// </summary>
public sealed class DifyEmulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly EmulatorHost _host;
    private readonly RegionStore _store;
    private readonly bool _registryStore;
    private int _disposed;

    private DifyEmulator(DifyEmulatorOptions options, RegionStore store, bool registryStore)
    {
        Options = options;
        _store = store;
        _registryStore = registryStore;
        Stats = new EmulatorStats();
        Faults = new EmulatorFaults(options.Seed, ct => _host!.StopAsync(ct), ct => _host!.StartAsync(_host.Port, ct), options.TimeProvider);
        var apps = options.Apps.ToDictionary(a => a.ApiKey, StringComparer.Ordinal);
        var context = new EmulatorContext
        {
            Options = options,
            AppsByKey = apps,
            Store = store,
            Stats = Stats,
            Faults = Faults,
            DatasetKeys = new HashSet<string>(options.DatasetApiKeys, StringComparer.Ordinal),
            Lifetime = _lifetime.Token,
        };
        _host = new EmulatorHost(new EmulatorPipeline(context, [.. ServiceApiRoutes.Create(), .. Knowledge.KnowledgeRoutes.Create()]));
    }

    /// <summary>The API base a Dify user configures, e.g. <c>http://127.0.0.1:5001/v1</c> (no trailing slash).</summary>
    public Uri BaseUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_host.Port}/v1"));

    /// <summary>The root, e.g. <c>http://127.0.0.1:5001/</c>; <c>GET /health</c> lives here.</summary>
    public Uri RootUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_host.Port}/"));

    /// <summary>The TCP port (fixed for the instance's life, also across <see cref="EmulatorFaults.RefuseConnections"/> and heal).</summary>
    public int Port => _host.Port;

    /// <summary>The instance name, e.g. "eu-1".</summary>
    public string Name => Options.Name;

    /// <summary>The region name; instances of one region share one store.</summary>
    public string Region => _store.Name;

    /// <summary>The apps served (by API key).</summary>
    public IReadOnlyList<EmulatorApp> Apps => [.. Options.Apps];

    /// <summary>The Knowledge API keys served (<c>dataset-…</c>), see <see cref="DifyEmulatorOptions.DatasetApiKeys"/>.</summary>
    public IReadOnlyList<string> DatasetApiKeys => [.. Options.DatasetApiKeys];

    /// <summary>Run-time switchable fault injection of this instance.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Counters of this instance.</summary>
    public EmulatorStats Stats { get; }

    internal DifyEmulatorOptions Options { get; }

    /// <summary>Starts an instance and waits until it listens.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (five apps, any free port).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running instance; dispose it to stop.</returns>
    public static Task<DifyEmulator> StartAsync(DifyEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DifyEmulatorOptions();
        options.Validate();
        var store = RegionRegistry.Acquire(options.Region ?? options.Name);
        return StartInStoreAsync(options, store, registryStore: true, cancellationToken);
    }

    internal static async Task<DifyEmulator> StartInStoreAsync(DifyEmulatorOptions options, RegionStore store, bool registryStore, CancellationToken cancellationToken)
    {
        options.Validate();
        var emulator = new DifyEmulator(options, store, registryStore);
        try
        {
            await emulator._host.StartAsync(options.Port, cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the listener, ends the runs this instance started and leaves the region store to its other instances.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await Faults.HealWithoutRestartAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
        if (_registryStore)
            RegionRegistry.Release(_store);
        _lifetime.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Region}) {BaseUrl}";
}
