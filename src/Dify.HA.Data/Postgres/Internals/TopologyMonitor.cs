using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.Logging;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>
/// Owns the topology snapshot. A background loop probes every host each <see cref="PostgresRoutingOptions.MonitorInterval"/>
/// (role, WAL position, lag); failover-class errors mark a host unknown and start ONE re-discovery that every waiting
/// caller shares (single flight), so a burst of failures never becomes a burst of connection attempts on a dead host.
/// Probe rounds never overlap (one gate), so the primary's LSN history stays in time order.
/// </summary>
internal sealed class TopologyMonitor : IAsyncDisposable
{
    private readonly IReadOnlyList<PostgresEndpoint> _endpoints;
    private readonly PostgresRoutingOptions _options;
    private readonly IHostProber _prober;
    private readonly IPatroniClient? _patroni;
    private readonly IReadOnlyDictionary<int, Uri> _patroniUrls;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PostgresMetrics? _metrics;
    private readonly Action<TopologySnapshot, TopologySnapshot>? _changed;
    private readonly PrimaryLsnHistory _history = new();
    private readonly SemaphoreSlim _roundGate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _discovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset[] _markedUnknownAt;
    private TopologySnapshot _snapshot;
    private Task? _rediscovery;
    private Task? _loop;
    private int _lastPrimary = -1;
    private int _rediscoveryRuns;

    public TopologyMonitor(
        IReadOnlyList<PostgresEndpoint> endpoints,
        PostgresRoutingOptions options,
        IHostProber prober,
        IPatroniClient? patroni,
        IReadOnlyDictionary<int, Uri> patroniUrls,
        TimeProvider time,
        ILogger logger,
        PostgresMetrics? metrics,
        Action<TopologySnapshot, TopologySnapshot>? changed)
    {
        _endpoints = endpoints;
        _options = options;
        _prober = prober;
        _patroni = patroni;
        _patroniUrls = patroniUrls;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _changed = changed;
        var now = time.GetUtcNow();
        _markedUnknownAt = new DateTimeOffset[endpoints.Count];
        _snapshot = new TopologySnapshot(endpoints, endpoints.Select(_ => HostSample.Unknown(now)).ToArray(), -1, 0, now, discovered: false);
    }

    public TopologySnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>How many re-discoveries actually ran (not joined): the single-flight tests count these.</summary>
    public int RediscoveryRuns => Volatile.Read(ref _rediscoveryRuns);

    /// <summary>Starts the background loop (first round at once).</summary>
    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>Completes when the first probe round has finished.</summary>
    public Task WaitForDiscoveryAsync(CancellationToken cancellationToken) => _discovered.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Marks a host's role unknown after a failover-class error on it: if it was the primary, writes stop going to it
    /// at once and wait for re-discovery; if a standby, reads stop going to it until a probe finds it healthy again.
    /// </summary>
    public void MarkUnknown(int hostIndex)
    {
        TopologySnapshot previous, next;
        lock (_lock)
        {
            _markedUnknownAt[hostIndex] = _time.GetUtcNow();
            previous = _snapshot;
            var sample = previous.Samples[hostIndex];
            if (sample.Role == PostgresHostRole.Unknown) return;
            var samples = previous.Samples.ToArray();
            samples[hostIndex] = sample with { Role = PostgresHostRole.Unknown };
            var primary = previous.PrimaryIndex == hostIndex ? -1 : previous.PrimaryIndex;
            next = new TopologySnapshot(previous.Endpoints, samples, primary, previous.Generation + 1, previous.RoundStartedAt, previous.Discovered);
            Volatile.Write(ref _snapshot, next);
        }

        _changed?.Invoke(previous, next);
    }

    /// <summary>
    /// Waits until a writable primary is known: returns at once if one is, else joins the re-discovery in flight or
    /// starts it. Completes without a primary when <see cref="PostgresRoutingOptions.FailoverTimeout"/> passes.
    /// </summary>
    public Task RediscoverAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_lock)
        {
            if (_snapshot.PrimaryIndex >= 0) return Task.CompletedTask;
            if (_rediscovery is null)
            {
                _rediscoveryRuns++;
                _rediscovery = RunRediscoveryAsync();
            }

            task = _rediscovery;
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>One probe round over every host (serialized with the loop's rounds); returns the new snapshot.</summary>
    public async Task<TopologySnapshot> RunRoundAsync(CancellationToken cancellationToken)
    {
        await _roundGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunRoundCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _roundGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
        _roundGate.Dispose();
    }

    private async Task LoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any single bad round; the failure is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PostgresLog.MonitorFailed(_logger, ex);
            }

            try
            {
                await Task.Delay(_options.MonitorInterval, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunRediscoveryAsync()
    {
        await Task.Yield(); // leave the caller's lock before the first probe
        try
        {
            var deadline = _time.GetUtcNow() + _options.FailoverTimeout;
            for (var round = 1; ; round++)
            {
                var snapshot = await RunRoundAsync(_stopping.Token).ConfigureAwait(false);
                if (snapshot.PrimaryIndex >= 0)
                {
                    _metrics?.Rediscovery(primaryFound: true);
                    return;
                }

                PostgresLog.NoPrimary(_logger, round, DescribeNoPrimary(snapshot));
                if (_time.GetUtcNow() >= deadline)
                {
                    _metrics?.Rediscovery(primaryFound: false);
                    return;
                }

                await Task.Delay(_options.RediscoveryInterval, _time, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_lock)
            {
                _rediscovery = null;
            }
        }
    }

    private async Task<TopologySnapshot> RunRoundCoreAsync(CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var probes = new Task<(HostProbeResult? Result, bool? Leader)>[_endpoints.Count];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = ProbeOneAsync(i, cancellationToken);
        }

        await Task.WhenAll(probes).ConfigureAwait(false);
        var now = _time.GetUtcNow();

        TopologySnapshot previous, next;
        int previousPrimary, primary;
        lock (_lock)
        {
            previous = _snapshot;
            var primaries = new List<int>();
            for (var i = 0; i < probes.Length; i++)
            {
                var (result, leader) = probes[i].Result;
                // A caller saw this host fail after this round began: its answer predates the failure.
                if (_markedUnknownAt[i] > startedAt) continue;
                if (result is { InRecovery: false } && leader != false) primaries.Add(i);
            }

            primary = primaries.Count == 1 ? primaries[0] : -1;
            if (primaries.Count > 1)
            {
                PostgresLog.SplitBrain(_logger, string.Join(", ", primaries.Select(i => _endpoints[i].Name)));
            }

            previousPrimary = _lastPrimary;
            if (primary >= 0)
            {
                if (primary != _lastPrimary) _history.Clear();
                if (probes[primary].Result.Result?.WalLsn is { } primaryLsn) _history.Add(now, primaryLsn);
                _lastPrimary = primary;
            }

            var samples = new HostSample[probes.Length];
            for (var i = 0; i < probes.Length; i++)
            {
                var old = previous.Samples[i];
                var (result, leader) = probes[i].Result;
                if (_markedUnknownAt[i] > startedAt)
                {
                    samples[i] = old with { Role = PostgresHostRole.Unknown, ObservedAt = now, LeaderConfirmed = null };
                    continue;
                }

                if (result is not { } r)
                {
                    samples[i] = old with { Role = PostgresHostRole.Unreachable, ObservedAt = now, LeaderConfirmed = null };
                    continue;
                }

                if (!r.InRecovery)
                {
                    samples[i] = new HostSample(PostgresHostRole.Primary, r.WalLsn, null, null, now, now, leader);
                    continue;
                }

                TimeSpan? lag = null;
                long? lagBytes = null;
                if (r.WalLsn is { } replayed)
                {
                    lag = _history.LagOf(replayed, now);
                    if (_history.Latest is { } latest) lagBytes = LsnMath.BytesBehind(latest, replayed);
                }

                samples[i] = new HostSample(PostgresHostRole.Standby, r.WalLsn, lag, lagBytes, now, now, null);
            }

            next = previous.With(samples, primary, startedAt);
            Volatile.Write(ref _snapshot, next);
        }

        if (primary >= 0 && previousPrimary >= 0 && primary != previousPrimary)
        {
            _metrics?.Failover();
            PostgresLog.PrimaryChanged(_logger, _endpoints[primary].Name, _endpoints[previousPrimary].Name);
        }

        _changed?.Invoke(previous, next);
        _discovered.TrySetResult();
        return next;
    }

    private async Task<(HostProbeResult? Result, bool? Leader)> ProbeOneAsync(int index, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HostProbeResult result;
        try
        {
            result = await _prober.ProbeAsync(index, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of a probe means the same thing: the host is unreachable for now.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.ProbeFailed(_logger, _endpoints[index].Name, ex);
            _prober.Reset(index);
            return (null, null);
        }

        bool? leader = null;
        if (!result.InRecovery && _patroni is not null && _patroniUrls.TryGetValue(index, out var url))
        {
            try
            {
                leader = await _patroni.IsLeaderAsync(url, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                leader = false;
            }

            if (leader == false) PostgresLog.NotPatroniLeader(_logger, _endpoints[index].Name);
        }

        return (result, leader);
    }

    private string DescribeNoPrimary(TopologySnapshot snapshot) =>
        string.Join(", ", snapshot.Samples.Select((s, i) =>
            _endpoints[i].Name + "=" + (s.Role == PostgresHostRole.Primary && s.LeaderConfirmed == false ? "primary-not-patroni-leader" : s.Role.ToString().ToUpperInvariant())));
}
