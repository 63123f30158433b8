using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>
/// The <see cref="IRedisConnectionProvider"/>: one multiplexer for the application's lifetime, a single-flight
/// reconfigure on failover errors, retries for commands marked safe, and the failover bookkeeping (events, metrics).
/// </summary>
internal sealed class RedisConnectionProvider : IRedisConnectionProvider, IAsyncDisposable, IDisposable
{
    /// <summary>Connects a data multiplexer; a seam so that unit tests can run without a server.</summary>
    internal delegate Task<IConnectionMultiplexer> Connector(ConfigurationOptions configuration);

    private readonly RedisConnectionOptions _options;
    private readonly string _section;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RedisMetrics _metrics;
    private readonly Connector _connector;
    private readonly Connector _sentinelConnector;
    private readonly ReconfigureCoordinator _coordinator;
    private readonly Lock _connectGate = new();
    private readonly Lock _topologyGate = new();
    private readonly string _modeTag;
    private Task<IConnectionMultiplexer>? _connecting;
    private Task<IConnectionMultiplexer>? _sentinelQuery;
    private IConnectionMultiplexer? _connection;
    private IDatabase? _database;
    private EndPoint[] _lastKnownMasters = [];
    private long _unwritableSince;
    private int _disposed;

    public RedisConnectionProvider(
        RedisConnectionOptions options,
        ILogger<RedisConnectionProvider>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null,
        string section = RedisConnectionOptions.SectionName,
        Connector? connector = null,
        Connector? sentinelConnector = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new RedisConnectionOptionsValidator(section).Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(RedisConnectionOptions), validation.Failures);
        }

        _options = options;
        _section = section;
        _logger = logger ?? NullLogger<RedisConnectionProvider>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _modeTag = options.Mode.ToString().ToLowerInvariant();
        _metrics = new RedisMetrics(meterFactory, _modeTag);
        _connector = connector ?? (static async c => await ConnectionMultiplexer.ConnectAsync(c).ConfigureAwait(false));
        _sentinelConnector = sentinelConnector ?? (static async c => await ConnectionMultiplexer.ConnectAsync(c).ConfigureAwait(false));
        _coordinator = new ReconfigureCoordinator(ReconfigureCoreAsync, _time, options.ReconfigureMinInterval, OnReconfigureFailed);
    }

    public event EventHandler<RedisMasterChangedEventArgs>? MasterChanged;

    public event EventHandler<RedisWritableMasterRestoredEventArgs>? WritableMasterRestored;

    public RedisConnectionOptions Options => _options;

    /// <summary>Forced reconfigures started so far (tests and benchmarks).</summary>
    internal long ReconfigureCount => _coordinator.Runs;

    /// <summary>Whether a period without a writable master is open.</summary>
    internal bool IsWithoutWritableMaster => Volatile.Read(ref _unwritableSince) != 0;

    /// <summary>The masters last seen (connected and not replicas).</summary>
    internal IReadOnlyList<EndPoint> LastKnownMasters => Volatile.Read(ref _lastKnownMasters);

    public async ValueTask<IConnectionMultiplexer> GetConnectionAsync(CancellationToken cancellationToken = default) =>
        _connection ?? await EnsureConnectedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<T> ExecuteAsync<T>(RedisCommandSafety safety, Func<IDatabase, Task<T>> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var attempt = 0;
        long firstFailure = 0;
        while (true)
        {
            var database = _database ?? await GetDatabaseSlowAsync(cancellationToken).ConfigureAwait(false);
            var generation = _coordinator.Generation;
            Exception failure;
            try
            {
                var result = await command(database).ConfigureAwait(false);
                if (safety != RedisCommandSafety.Read && Volatile.Read(ref _unwritableSince) != 0) OnWriteSucceeded();
                return result;
            }
            catch (Exception ex) when (RedisFailureClassifier.Classify(ex) != RedisFailureKind.None)
            {
                failure = ex;
            }

            if (firstFailure == 0) firstFailure = _time.GetTimestamp();
            if (!await HandleFailureAsync(failure, safety, generation, attempt++, firstFailure, cancellationToken).ConfigureAwait(false))
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    public Task ExecuteAsync(RedisCommandSafety safety, Func<IDatabase, Task> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(safety, async db =>
        {
            await command(db).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Connects now (the start-up check); throws with a redacted message when the options do not lead to a master.</summary>
    internal Task<IConnectionMultiplexer> EnsureConnectedAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_connectGate)
        {
            // A failed attempt is not cached: the next caller tries again (the server may be up by then).
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = Task.Run(ConnectCoreAsync);
            }

            return _connecting;
        }
    }

    /// <summary>Asks for a reconfigure as a failing caller would (tests).</summary>
    internal Task RequestReconfigureAsync() => _coordinator.RequestAsync(_coordinator.Generation);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        var connection = _connection;
        if (connection is not null)
        {
            Unsubscribe(connection);
            await connection.CloseAsync().ConfigureAwait(false);
            connection.Dispose();
        }

        if (_sentinelQuery is { IsCompletedSuccessfully: true } query)
        {
            var sentinels = await query.ConfigureAwait(false);
            await sentinels.CloseAsync().ConfigureAwait(false);
            sentinels.Dispose();
        }
    }

    private async Task<IDatabase> GetDatabaseSlowAsync(CancellationToken cancellationToken)
    {
        await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        return _database!;
    }

    /// <summary>Decides whether to run a failed command again; waits for the shared reconfigure and the backoff if so.</summary>
    private async ValueTask<bool> HandleFailureAsync(Exception failure, RedisCommandSafety safety, long generation, int attempt, long firstFailure, CancellationToken cancellationToken)
    {
        var kind = RedisFailureClassifier.Classify(failure);
        var reason = RedisFailureClassifier.ReasonTag(kind);
        if (safety != RedisCommandSafety.Read && RedisFailureClassifier.MeansNoWritableMaster(kind)) MarkUnwritable(reason);

        // Even for a command that is not retried, the re-read starts, so that the next command finds the new master.
        var reconfigure = RedisFailureClassifier.NeedsReconfigure(kind) ? _coordinator.RequestAsync(generation) : Task.CompletedTask;
        if (safety == RedisCommandSafety.Unsafe) return false;

        var remaining = _options.RetryTimeout - _time.GetElapsedTime(firstFailure);
        if (remaining <= TimeSpan.Zero) return false;

        var delay = Backoff(attempt);
        if (delay > remaining) delay = remaining;
        _metrics.Retried(reason);
        RedisLog.Retrying(_logger, reason, attempt + 1, delay.TotalMilliseconds);
        await reconfigure.WaitAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private TimeSpan Backoff(int attempt)
    {
        // Exponential with "equal jitter": half fixed, half random, so callers that failed together spread out.
        var ceiling = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        ceiling = Math.Min(ceiling, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private void MarkUnwritable(string reason)
    {
        if (Interlocked.CompareExchange(ref _unwritableSince, _time.GetTimestamp(), 0) == 0)
        {
            RedisLog.NoWritableMaster(_logger, reason);
        }
    }

    private void OnWriteSucceeded()
    {
        var since = Interlocked.Exchange(ref _unwritableSince, 0);
        if (since == 0) return;
        var duration = _time.GetElapsedTime(since);
        _metrics.WritableMasterRestored(duration);
        RedisLog.WritableMasterRestored(_logger, duration.TotalSeconds);
        WritableMasterRestored?.Invoke(this, new RedisWritableMasterRestoredEventArgs(duration));
    }

    private async Task<IConnectionMultiplexer> ConnectCoreAsync()
    {
        var mode = _options.Mode.ToString();
        var configuration = RedisConfigurationFactory.CreateData(_options);
        try
        {
            if (_options.Mode == RedisConnectionMode.Sentinel) await CheckSentinelsAsync().ConfigureAwait(false);
            IConnectionMultiplexer connection;
            try
            {
                connection = await _connector(configuration).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                throw StartupFailure(
                    $"Could not connect to Redis ({mode}; {configuration.ToString(includePassword: false)}): " +
                    $"{Redact(ex.Message)} Check {_section}:{EndpointsKey()}, {_section}:Password and {_section}:UseTls.");
            }

            Subscribe(connection);
            _database = connection.GetDatabase(_options.Mode == RedisConnectionMode.Cluster ? -1 : _options.Database);
            _connection = connection;
            RefreshMasters();
            RedisLog.Connected(_logger, mode, configuration.ToString(includePassword: false), FormatMasters(LastKnownMasters));
            return connection;
        }
        catch (Exception ex)
        {
            RedisLog.ConnectFailed(_logger, mode, Redact(ex.Message));
            throw;
        }
    }

    private static RedisConnectionException StartupFailure(string message) =>
        new(ConnectionFailureType.UnableToConnect, CommandFlags.None, message, null!, CommandStatus.Unknown);

    private string EndpointsKey() => _options.Mode == RedisConnectionMode.Sentinel ? "SentinelEndpoints" : "Endpoints";

    /// <summary>
    /// Sentinel mode, at start-up: at least one Sentinel answers, and it knows the service name. An unknown name fails
    /// with the names the Sentinels do know, naming the configuration key. The connection used to ask is closed
    /// again: the data multiplexer keeps its own link to the Sentinels to follow the master.
    /// </summary>
    private async Task CheckSentinelsAsync()
    {
        var configuration = RedisConfigurationFactory.CreateSentinel(_options);
        IConnectionMultiplexer sentinel;
        try
        {
            sentinel = await _sentinelConnector(configuration).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw StartupFailure(
                $"None of the Sentinels in {_section}:SentinelEndpoints answered ({configuration.ToString(includePassword: false)}): " +
                $"{Redact(ex.Message)} Check the addresses, that the Sentinels run, and {_section}:SentinelPassword.");
        }

        var serviceName = _options.ServiceName!;
        HashSet<string>? known = null;
        try
        {
            foreach (var server in sentinel.GetServers())
            {
                if (!server.IsConnected) continue;
                try
                {
                    if (await server.SentinelGetMasterAddressByNameAsync(serviceName).ConfigureAwait(false) is not null) return;
                    known ??= new HashSet<string>(StringComparer.Ordinal);
                    foreach (var master in await server.SentinelMastersAsync().ConfigureAwait(false))
                    {
                        foreach (var pair in master)
                        {
                            if (pair.Key == "name") known.Add(pair.Value);
                        }
                    }
                }
                catch (RedisException)
                {
                    // This Sentinel could not answer; ask the next.
                }
            }
        }
        finally
        {
            await sentinel.CloseAsync().ConfigureAwait(false);
            sentinel.Dispose();
        }

        if (known is null)
        {
            throw StartupFailure(
                $"No Sentinel in {_section}:SentinelEndpoints answered SENTINEL queries: check the addresses and {_section}:SentinelPassword.");
        }

        var names = known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
        throw new OptionsValidationException(
            Microsoft.Extensions.Options.Options.DefaultName,
            typeof(RedisConnectionOptions),
            [$"{_section}:ServiceName '{serviceName}' is not monitored by the Sentinels; they know: {names}. Set {_section}:ServiceName to one of them."]);
    }

    private async Task ReconfigureCoreAsync(CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null) return;
        if (_options.Mode == RedisConnectionMode.Sentinel && await SentinelsStillNameTheLostMasterAsync(connection).ConfigureAwait(false) is { } named)
        {
            // The Sentinels have not failed over yet. A forced reconfigure now only re-dials the dead master, and while it
            // runs StackExchange.Redis turns away its own switch to the new master (one reconfigure at a time), which it
            // then retries only at its next configuration check (ConfigCheckSeconds): seconds of extra outage, seen in CI.
            // The library follows the Sentinels' +switch-master on its own; the failing callers ask again after their backoff.
            RedisLog.ReconfigureSkipped(_logger, Convert.ToString(named, CultureInfo.InvariantCulture) ?? "?");
            return;
        }

        _metrics.Reconfigured();
        RedisLog.Reconfiguring(_logger, "a failover error");
        var started = _time.GetTimestamp();
        await connection.ConfigureAsync().ConfigureAwait(false);
        RefreshMasters();
        RedisLog.Reconfigured(_logger, _time.GetElapsedTime(started).TotalMilliseconds, FormatMasters(LastKnownMasters));
    }

    /// <summary>
    /// Asks the Sentinels which master they name. Returns it when it is a master this connection already knew and can no
    /// longer reach (a failover not yet done); null when the Sentinels name another node, cannot be asked, or the master
    /// they name is reachable (a demotion by hand, a READONLY: then a reconfigure is what finds the new master).
    /// </summary>
    private async Task<EndPoint?> SentinelsStillNameTheLostMasterAsync(IConnectionMultiplexer connection)
    {
        EndPoint? named = null;
        try
        {
            var sentinels = await GetSentinelQueryConnectionAsync().ConfigureAwait(false);
            foreach (var server in sentinels.GetServers())
            {
                if (!server.IsConnected) continue;
                try
                {
                    named = await server.SentinelGetMasterAddressByNameAsync(_options.ServiceName!).ConfigureAwait(false);
                    if (named is not null) break;
                }
                catch (RedisException)
                {
                    // This Sentinel could not answer; ask the next.
                }
            }
        }
#pragma warning disable CA1031 // Asking is an optimisation: when it fails, reconfigure as before.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RedisLog.ReconfigureFailed(_logger, "asking the Sentinels: " + Redact(ex.Message));
            return null;
        }

        if (named is null || !Volatile.Read(ref _lastKnownMasters).Any(m => m.Equals(named))) return null;
        try
        {
            return connection.GetServer(named).IsConnected ? null : named;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A connection to the Sentinels alone, kept for the provider's lifetime, to ask them during failovers.</summary>
    private Task<IConnectionMultiplexer> GetSentinelQueryConnectionAsync()
    {
        lock (_connectGate)
        {
            if (_sentinelQuery is null || _sentinelQuery.IsFaulted || _sentinelQuery.IsCanceled)
            {
                _sentinelQuery = _sentinelConnector(RedisConfigurationFactory.CreateSentinel(_options));
            }

            return _sentinelQuery;
        }
    }

    private void OnReconfigureFailed(Exception ex) => RedisLog.ReconfigureFailed(_logger, Redact(ex.Message));

    /// <summary>Re-reads which nodes are writable masters, and reports the ones that were not before as failovers.</summary>
    private void RefreshMasters()
    {
        var connection = _connection;
        if (connection is null) return;
        EndPoint[] current;
        try
        {
            current = connection.GetServers()
                .Where(s => s.IsConnected && !s.IsReplica && s.ServerType != ServerType.Sentinel)
                .Select(s => s.EndPoint)
                .ToArray();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (current.Length == 0) return;
        List<(EndPoint? Previous, EndPoint Current)>? switches = null;
        lock (_topologyGate)
        {
            var previous = _lastKnownMasters;
            if (previous.Length > 0)
            {
                foreach (var endpoint in current)
                {
                    if (Array.IndexOf(previous, endpoint) >= 0) continue;
                    switches ??= [];
                    switches.Add((previous.Length == 1 ? previous[0] : null, endpoint));
                }
            }

            Volatile.Write(ref _lastKnownMasters, current);
        }

        if (switches is null) return;
        foreach (var (previous, next) in switches)
        {
            _metrics.FailoverSeen();
            RedisLog.MasterChanged(_logger, previous?.ToString() ?? "(unknown)", next.ToString() ?? string.Empty, _modeTag);
            MasterChanged?.Invoke(this, new RedisMasterChangedEventArgs(previous, next));
        }
    }

    private void Subscribe(IConnectionMultiplexer connection)
    {
        connection.ConnectionFailed += OnConnectionFailed;
        connection.ConnectionRestored += OnConnectionRestored;
        connection.ConfigurationChanged += OnConfigurationChanged;
        connection.ConfigurationChangedBroadcast += OnConfigurationChanged;
    }

    private void Unsubscribe(IConnectionMultiplexer connection)
    {
        connection.ConnectionFailed -= OnConnectionFailed;
        connection.ConnectionRestored -= OnConnectionRestored;
        connection.ConfigurationChanged -= OnConfigurationChanged;
        connection.ConfigurationChangedBroadcast -= OnConfigurationChanged;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Interactive) return;
        RedisLog.ConnectionFailed(_logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString(), e.FailureType.ToString());
        if (e.EndPoint is not null && Array.IndexOf(Volatile.Read(ref _lastKnownMasters), e.EndPoint) >= 0)
        {
            MarkUnwritable("connection to the master failed");
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Interactive) return;
        _metrics.Reconnected();
        RedisLog.ConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString());
        RefreshMasters();
    }

    private void OnConfigurationChanged(object? sender, EndPointEventArgs e) => RefreshMasters();

    private string Redact(string? text) => RedisSecretRedactor.Redact(text, _options.Password, _options.SentinelPassword);

    private static string FormatMasters(IReadOnlyList<EndPoint> masters) =>
        masters.Count == 0 ? "(none)" : string.Join(", ", masters.Select(m => Convert.ToString(m, CultureInfo.InvariantCulture)));
}
