using System.Diagnostics.Metrics;
using Dify.HA.Data.Postgres.Internals;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Dify.HA.Data.Postgres;

/// <summary>
/// Read/write-split PostgreSQL routing over Npgsql, built once from <see cref="PostgresRoutingOptions"/> and shared
/// (register it as a singleton). Roles are discovered by a background monitor, never declared:
/// <see cref="DbIntent.Write"/> always reaches the current primary; <see cref="DbIntent.Read"/> reaches a standby whose
/// lag is under <see cref="PostgresRoutingOptions.MaxReplicaLag"/> and that has replayed the caller's read-your-writes
/// token, else the primary. Failover-class errors (SQLSTATE 08, 57P01–57P03, 53, 25006, I/O) make the host's role
/// unknown and start one shared re-discovery of the primary; <see cref="ExecuteAsync{T}(DbIntent, Func{PostgresWorkContext, CancellationToken, Task{T}}, bool, CancellationToken)"/>
/// retries reads and idempotent writes across it, never an ambiguous COMMIT.
/// </summary>
/// <remarks>
/// Pooling is Npgsql's: writes use an <see cref="NpgsqlMultiHostDataSource"/> (target <c>Primary</c>, so Npgsql still
/// checks the role of every new physical connection) whose host list is rebuilt with the discovered primary first, so
/// that after a failover no caller tries the dead host first; reads use one pooled <see cref="NpgsqlDataSource"/> per
/// host, because Npgsql can target "a standby" but not the one standby that qualifies.
/// </remarks>
public sealed class PostgresRoutingDataSource : IAsyncDisposable, IDisposable
{
    private readonly PostgresRoutingOptions _options;
    private readonly IReadOnlyList<PostgresEndpoint> _endpoints;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PostgresMetrics _metrics;
    private readonly TopologyMonitor _monitor;
    private readonly NpgsqlDataSource[] _readSources;
    private readonly IHostProber _prober;
    private readonly PatroniClient? _ownedPatroni;
    private readonly bool _patroniGuard;
    private readonly Lock _writerLock = new();
    private readonly List<NpgsqlMultiHostDataSource> _retiredWriters = [];
    private WriterSource? _writer;
    private uint _roundRobin;
    private int _disposed;

    /// <summary>Builds the router and starts its background monitor (first probe round at once).</summary>
    /// <param name="options">Validated options; invalid ones throw <see cref="OptionsValidationException"/> naming the key.</param>
    /// <param name="loggerFactory">Logging, or null for none.</param>
    /// <param name="timeProvider">The clock of every interval, lag and timeout, or null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="meterFactory">Where the metrics' Meter comes from, or null for a Meter of its own.</param>
    public PostgresRoutingDataSource(PostgresRoutingOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
        : this(options, loggerFactory, timeProvider, meterFactory, prober: null, patroni: null, startMonitor: true)
    {
    }

    internal PostgresRoutingDataSource(
        PostgresRoutingOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        IMeterFactory? meterFactory,
        IHostProber? prober,
        IPatroniClient? patroni,
        bool startMonitor)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PostgresRoutingOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(PostgresRoutingOptions.SectionName, typeof(PostgresRoutingOptions), validation.Failures);
        }

        _options = options;
        if (!PostgresHostListParser.TryParse(options.ConnectionString, out var endpoints, out var hostError))
        {
            throw new ArgumentException($"{PostgresRoutingOptions.SectionName}:ConnectionString {hostError}.", nameof(options)); // the validator already said so
        }

        _endpoints = endpoints;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Dify.HA.Data.Postgres");

        _readSources = _endpoints.Select(e => NewBuilder(e, probe: false).Build()).ToArray();
        _prober = prober ?? new NpgsqlHostProber(_endpoints.Select(e => NewBuilder(e, probe: true).Build()).ToArray());

        var patroniUrls = new Dictionary<int, Uri>();
        foreach (var member in options.Patroni)
        {
            var index = IndexOf(member.Host!.Trim());
            var url = member.Url!;
            if (index >= 0) patroniUrls[index] = new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
        }

        _patroniGuard = patroniUrls.Count > 0;
        if (_patroniGuard && patroni is null)
        {
            _ownedPatroni = new PatroniClient(options.PatroniTimeout);
            patroni = _ownedPatroni;
        }

        TopologyMonitor? monitor = null;
        _metrics = new PostgresMetrics(meterFactory, () => monitor?.Current);
        monitor = new TopologyMonitor(_endpoints, options, _prober, patroni, patroniUrls, _time, _logger, _metrics, OnTopologyChanged);
        _monitor = monitor;
        var hostNames = string.Join(", ", _endpoints.Select(e => e.Name));
        PostgresLog.Started(_logger, hostNames);
        if (startMonitor) _monitor.Start();
    }

    /// <summary>What the monitor last knew about each host, in connection-string order.</summary>
    public IReadOnlyList<PostgresHostStatus> Hosts
    {
        get
        {
            var snapshot = _monitor.Current;
            var list = new PostgresHostStatus[snapshot.Samples.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var s = snapshot.Samples[i];
                list[i] = new PostgresHostStatus(_endpoints[i].Name, s.Role, s.WalLsn, s.Lag, s.LagBytes, s.LastSuccessAt, s.LeaderConfirmed);
            }

            return list;
        }
    }

    /// <summary>The host (<c>host:port</c>) currently known as the writable primary, or null during a failover.</summary>
    public string? PrimaryEndpoint => _monitor.Current.PrimaryIndex is var i and >= 0 ? _endpoints[i].Name : null;

    internal TopologyMonitor Monitor => _monitor;

    internal PostgresRoutingOptions Options => _options;

    internal TimeProvider Time => _time;

    /// <summary>
    /// Begins an ambient read-your-writes scope (see <see cref="PostgresSession"/>): writes inside it record their
    /// commit LSN, reads inside it never see a standby that has not replayed them.
    /// </summary>
    /// <param name="resumeFrom">A token carried over from an earlier request (e.g. <see cref="PostgresSession.LastWriteLsn"/> kept in a cookie), or null.</param>
    public PostgresSession BeginSession(NpgsqlLogSequenceNumber? resumeFrom = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new PostgresSession(resumeFrom);
    }

    /// <summary>Opens a connection routed by intent (with the ambient session's token, if any, for reads).</summary>
    /// <param name="intent">What the connection is for.</param>
    /// <param name="cancellationToken">Cancels the open (and any wait for a primary).</param>
    /// <exception cref="PostgresPrimaryUnavailableException">No primary within <see cref="PostgresRoutingOptions.FailoverTimeout"/> when one is needed.</exception>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(DbIntent intent, CancellationToken cancellationToken = default) =>
        OpenConnectionAsync(intent, readAfter: null, cancellationToken);

    /// <summary>Opens a connection routed by intent; a read only reaches a standby that has replayed <paramref name="readAfter"/>.</summary>
    /// <param name="intent">What the connection is for.</param>
    /// <param name="readAfter">A read-your-writes token (a commit LSN), or null to use the ambient session's.</param>
    /// <param name="cancellationToken">Cancels the open (and any wait for a primary).</param>
    /// <exception cref="PostgresPrimaryUnavailableException">No primary within <see cref="PostgresRoutingOptions.FailoverTimeout"/> when one is needed.</exception>
    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(DbIntent intent, NpgsqlLogSequenceNumber? readAfter, CancellationToken cancellationToken = default)
    {
        var (connection, _, _) = await OpenRoutedAsync(intent, readAfter, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// Reads <c>pg_current_wal_lsn()</c> on a primary connection after your commit: the read-your-writes token of what
    /// you wrote. It is also recorded in the ambient <see cref="PostgresSession"/>, if any.
    /// </summary>
    /// <param name="connection">An open connection to the primary, after the commit.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async ValueTask<NpgsqlLogSequenceNumber> CaptureWriteLsnAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()", connection);
        var lsn = (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        PostgresSession.Current?.Observe(lsn);
        return lsn;
    }

    /// <summary>
    /// Runs a unit of work on a routed connection. <see cref="DbIntent.Write"/> work runs in a transaction the router
    /// begins and commits (then records the commit LSN in the ambient session, if any). On a failover-class error the
    /// work is run again, with backoff and after re-discovery of the primary, when it is a read or declared idempotent;
    /// a failure during COMMIT is never retried and surfaces as <see cref="PostgresCommitOutcomeUnknownException"/>.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="intent">What the work does.</param>
    /// <param name="work">The work; it may run more than once (see <paramref name="idempotent"/>).</param>
    /// <param name="idempotent">For writes: true when running the work twice has the same effect as once (e.g. an upsert keyed by a request id), which allows retries.</param>
    /// <param name="cancellationToken">Cancels the work, the waits and the retries.</param>
    public async Task<T> ExecuteAsync<T>(DbIntent intent, Func<PostgresWorkContext, CancellationToken, Task<T>> work, bool idempotent = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var retryable = intent != DbIntent.Write || idempotent;
        for (var attempt = 1; ; attempt++)
        {
            var (connection, decision, endpoint) = await OpenRoutedAsync(intent, null, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                NpgsqlTransaction? transaction = null;
                T result;
                try
                {
                    if (intent == DbIntent.Write)
                    {
                        transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    }

                    result = await work(new PostgresWorkContext(connection, transaction, attempt, endpoint.Name, decision.Target == RouteTarget.Standby), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (PostgresFailureClassifier.Classify(ex) is var kind and not PostgresFailureKind.None)
                {
                    await DisposeQuietlyAsync(transaction).ConfigureAwait(false);
                    ReportFailure(decision.HostIndex, kind, ex);
                    if (!retryable || attempt >= _options.MaxAttempts) throw;
                    _metrics.Retry(intent, kind);
                    PostgresLog.Retrying(_logger, PostgresMetrics.IntentName(intent), attempt + 1, PostgresMetrics.KindName(kind));
                    if (decision.Target == RouteTarget.Primary && _monitor.Current.PrimaryIndex == decision.HostIndex)
                    {
                        // The same primary is still in place (a transient error): back off. After a primary failure
                        // the next open waits for the shared re-discovery instead, and after a standby failure it goes
                        // elsewhere, so a sleep there would only delay the work.
                        await Task.Delay(Backoff(attempt), _time, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }
                catch
                {
                    await DisposeQuietlyAsync(transaction).ConfigureAwait(false);
                    throw;
                }

                if (transaction is not null)
                {
                    await CommitAsync(transaction, decision.HostIndex, endpoint, cancellationToken).ConfigureAwait(false);
                    if (PostgresSession.Current is { } session)
                    {
                        await RecordCommitLsnAsync(connection, session, endpoint, cancellationToken).ConfigureAwait(false);
                    }
                }

                return result;
            }
        }
    }

    /// <summary>Runs a unit of work without a result; see <see cref="ExecuteAsync{T}(DbIntent, Func{PostgresWorkContext, CancellationToken, Task{T}}, bool, CancellationToken)"/>.</summary>
    /// <param name="intent">What the work does.</param>
    /// <param name="work">The work; it may run more than once (see <paramref name="idempotent"/>).</param>
    /// <param name="idempotent">For writes: true when running the work twice has the same effect as once, which allows retries.</param>
    /// <param name="cancellationToken">Cancels the work, the waits and the retries.</param>
    public Task ExecuteAsync(DbIntent intent, Func<PostgresWorkContext, CancellationToken, Task> work, bool idempotent = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ExecuteAsync<bool>(
            intent,
            async (context, ct) =>
            {
                await work(context, ct).ConfigureAwait(false);
                return true;
            },
            idempotent,
            cancellationToken);
    }

    /// <summary>Runs one probe round now (roles, positions, lag) instead of waiting for the next one.</summary>
    /// <param name="cancellationToken">Cancels the round.</param>
    public async Task RefreshAsync(CancellationToken cancellationToken = default) =>
        await _monitor.RunRoundAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Stops the monitor and disposes every data source (and pool) the router built.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _monitor.DisposeAsync().ConfigureAwait(false);
        List<NpgsqlDataSource> sources = [.. _readSources];
        lock (_writerLock)
        {
            sources.AddRange(_retiredWriters);
            if (_writer is not null) sources.Add(_writer.DataSource);
        }

        foreach (var source in sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        if (_prober is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
        _ownedPatroni?.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/> (for containers disposed synchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<(NpgsqlConnection Connection, RouteDecision Decision, PostgresEndpoint Endpoint)> OpenRoutedAsync(
        DbIntent intent, NpgsqlLogSequenceNumber? readAfter, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var session = PostgresSession.Current;
        var token = readAfter ?? session?.LastWriteLsn;
        var pinned = session?.PinnedToPrimary == true;
        var deadline = _time.GetUtcNow() + _options.FailoverTimeout;
        var forcePrimary = false;
        var failures = 0;
        Exception? lastFailure = null;

        if (!_monitor.Current.Discovered)
        {
            try
            {
                await _monitor.WaitForDiscoveryAsync(cancellationToken).WaitAsync(_options.FailoverTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new PostgresPrimaryUnavailableException($"No PostgreSQL host answered a probe within {_options.FailoverTimeout} (hosts: {string.Join(", ", _endpoints.Select(e => e.Name))}).");
            }
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var topology = _monitor.Current;
            var decision = forcePrimary
                ? (topology.PrimaryIndex >= 0 ? new RouteDecision(RouteTarget.Primary, topology.PrimaryIndex, RouteReason.TokenNotReplayed) : new RouteDecision(RouteTarget.NoPrimary, -1, RouteReason.NoPrimary))
                : ReadRouter.Decide(intent, topology, token, pinned, _time.GetUtcNow(), _options, Interlocked.Increment(ref _roundRobin));
            _metrics.Decision(intent, decision);

            if (decision.Target == RouteTarget.NoPrimary)
            {
                if (_time.GetUtcNow() >= deadline)
                {
                    throw new PostgresPrimaryUnavailableException(
                        $"No writable PostgreSQL primary within {_options.FailoverTimeout} (hosts: {DescribeHosts(topology)}).", lastFailure);
                }

                await _monitor.RediscoverAsync(cancellationToken).ConfigureAwait(false);
                if (_monitor.Current.PrimaryIndex < 0)
                {
                    // The re-discovery gave up (its own FailoverTimeout) or was cut short: pause before the next one.
                    await Task.Delay(_options.RediscoveryInterval, _time, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var endpoint = _endpoints[decision.HostIndex];
            NpgsqlConnection? connection = null;
            try
            {
                if (decision.Target == RouteTarget.Primary)
                {
                    connection = await OpenPrimaryAsync(decision.HostIndex, cancellationToken).ConfigureAwait(false);
                    return (connection, decision, endpoint);
                }

                connection = await _readSources[decision.HostIndex].OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                if (decision.WaitForReplay && !await WaitForReplayAsync(connection, token!.Value, cancellationToken).ConfigureAwait(false))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    forcePrimary = true;
                    continue;
                }

                return (connection, decision, endpoint);
            }
            catch (Exception ex) when (PostgresFailureClassifier.Classify(ex) is var kind and not PostgresFailureKind.None)
            {
                if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
                lastFailure = ex;
                ReportFailure(decision.HostIndex, kind, ex);
                if (_time.GetUtcNow() >= deadline)
                {
                    throw new PostgresPrimaryUnavailableException(
                        $"Could not open a connection for {PostgresMetrics.IntentName(intent)} within {_options.FailoverTimeout} (last host tried: {endpoint.Name}).", ex);
                }

                _metrics.Retry(intent, kind);
                if (++failures > 1 && decision.Target == RouteTarget.Primary)
                {
                    // The primary was found again but failed again (e.g. 53300 too many connections): back off
                    // instead of probing and reconnecting in a tight loop until the deadline.
                    await Task.Delay(Backoff(failures - 1), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<NpgsqlConnection> OpenPrimaryAsync(int primaryIndex, CancellationToken cancellationToken)
    {
        var writer = EnsureWriter(primaryIndex);
        var connection = await writer.DataSource.OpenConnectionAsync(TargetSessionAttributes.Primary, cancellationToken).ConfigureAwait(false);
        if (_patroniGuard && !IsEndpoint(connection, _endpoints[primaryIndex]))
        {
            // Npgsql found a primary other than the one Patroni confirmed: that is the split brain the guard refuses.
            var where = connection.Host + ":" + connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new NpgsqlException($"Refused a write connection to {where}: Patroni does not call it the leader.", new IOException("split-brain guard"));
        }

        return connection;
    }

    private WriterSource EnsureWriter(int primaryIndex)
    {
        var writer = Volatile.Read(ref _writer);
        if (writer is not null && writer.PrimaryIndex == primaryIndex) return writer;
        lock (_writerLock)
        {
            if (_writer is not null && _writer.PrimaryIndex == primaryIndex) return _writer;
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var ordered = new List<PostgresEndpoint> { _endpoints[primaryIndex] };
            ordered.AddRange(_endpoints.Where((_, i) => i != primaryIndex));
            var fresh = new WriterSource(NewMultiHostBuilder(ordered).BuildMultiHost(), primaryIndex);
            if (_writer is not null)
            {
                // Connections in use finish on the old source; idle ones (to the old primary) are dropped now. It is
                // disposed with the router: disposing it here would fail callers that are opening from it right now.
                _writer.DataSource.Clear();
                _retiredWriters.Add(_writer.DataSource);
            }

            Volatile.Write(ref _writer, fresh);
            return fresh;
        }
    }

    private void OnTopologyChanged(TopologySnapshot previous, TopologySnapshot next)
    {
        for (var i = 0; i < next.Samples.Count; i++)
        {
            var was = previous.Samples[i].Role;
            var now = next.Samples[i].Role;
            if (was is PostgresHostRole.Primary or PostgresHostRole.Standby && now is PostgresHostRole.Unknown or PostgresHostRole.Unreachable)
            {
                _readSources[i].Clear(); // its idle connections are most likely dead: never hand them out
            }
        }

        if (Volatile.Read(ref _disposed) != 0) return;
        if (next.PrimaryIndex >= 0)
        {
            EnsureWriter(next.PrimaryIndex);
        }
        else if (previous.PrimaryIndex >= 0)
        {
            Volatile.Read(ref _writer)?.DataSource.Clear();
        }
    }

    private void ReportFailure(int hostIndex, PostgresFailureKind kind, Exception exception)
    {
        if (hostIndex < 0) return;
        PostgresLog.HostFailed(_logger, _endpoints[hostIndex].Name, PostgresMetrics.KindName(kind), exception);
        _monitor.MarkUnknown(hostIndex);
    }

    private async Task CommitAsync(NpgsqlTransaction transaction, int hostIndex, PostgresEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("has completed", StringComparison.Ordinal))
        {
            // The work committed or rolled back the transaction itself: nothing for the router to commit.
        }
        catch (InvalidOperationException)
        {
            throw; // refused before anything was sent (e.g. the connection was already broken): not ambiguous
        }
        catch (PostgresException ex) when (PostgresFailureClassifier.ClassifySqlState(ex.SqlState) == PostgresFailureKind.None)
        {
            throw; // the server answered with an error (deferred constraint, serialization failure): definitely rolled back
        }
        catch (Exception ex)
        {
            var kind = PostgresFailureClassifier.Classify(ex);
            if (kind != PostgresFailureKind.None) ReportFailure(hostIndex, kind, ex);
            PostgresLog.CommitOutcomeUnknown(_logger, endpoint.Name, ex);
            throw new PostgresCommitOutcomeUnknownException(
                $"The connection to {endpoint.Name} failed while COMMIT was in flight: the transaction may or may not have committed.", ex)
            {
                Endpoint = endpoint.Name,
            };
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RecordCommitLsnAsync(NpgsqlConnection connection, PostgresSession session, PostgresEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await CaptureWriteLsnAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or OperationCanceledException)
        {
            // The write is committed but its position is unknown: the only safe reads for this session are the primary's.
            session.PinToPrimary();
            PostgresLog.LsnCaptureFailed(_logger, endpoint.Name, ex);
        }
    }

    private async Task<bool> WaitForReplayAsync(NpgsqlConnection connection, NpgsqlLogSequenceNumber token, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ReadYourWritesWait;
        using var command = new NpgsqlCommand("SELECT COALESCE(pg_last_wal_replay_lsn() >= $1, false)", connection);
        command.Parameters.Add(new NpgsqlParameter<NpgsqlLogSequenceNumber> { TypedValue = token, NpgsqlDbType = NpgsqlDbType.PgLsn });
        while (true)
        {
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return true;
            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero) return false;
            await Task.Delay(left < TimeSpan.FromMilliseconds(10) ? left : TimeSpan.FromMilliseconds(10), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
#pragma warning restore CA5394
    }

    private static async ValueTask DisposeQuietlyAsync(NpgsqlTransaction? transaction)
    {
        if (transaction is null) return;
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The rollback of a transaction on a broken connection has nothing left to roll back.
        }
    }

    private static bool IsEndpoint(NpgsqlConnection connection, PostgresEndpoint endpoint) =>
        connection.Port == endpoint.Port && string.Equals(connection.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase);

    private int IndexOf(string hostName)
    {
        for (var i = 0; i < _endpoints.Count; i++)
        {
            if (string.Equals(_endpoints[i].Name, hostName, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }

    private string DescribeHosts(TopologySnapshot topology) =>
        string.Join(", ", topology.Samples.Select((s, i) => _endpoints[i].Name + "=" + s.Role.ToString().ToUpperInvariant()));

    private NpgsqlDataSourceBuilder NewBuilder(PostgresEndpoint endpoint, bool probe)
    {
        var builder = NewBuilderCore();
        var csb = builder.ConnectionStringBuilder;
        csb.Host = endpoint.Host;
        csb.Port = endpoint.Port;
        if (probe)
        {
            // A tiny pool of its own, and a connect/command timeout no longer than one probe.
            var seconds = Math.Max(1, (int)Math.Ceiling(_options.ProbeTimeout.TotalSeconds));
            csb.Pooling = true;
            csb.MinPoolSize = 0;
            csb.MaxPoolSize = 2;
            csb.Timeout = seconds;
            csb.CommandTimeout = seconds;

            // A probe reads a bool and a pg_lsn, built-in types: without the catalog type load, the first probe of a
            // host (again after every failover) is one round trip instead of several queries that can outlast
            // ProbeTimeout on a busy machine and make a healthy host look unreachable.
            builder.ConfigureTypeLoading(t => t.EnableTypeLoading(false));
        }

        return builder;
    }

    private NpgsqlDataSourceBuilder NewMultiHostBuilder(IEnumerable<PostgresEndpoint> ordered)
    {
        var builder = NewBuilderCore();
        builder.ConnectionStringBuilder.Host = string.Join(',', ordered.Select(e => e.Name));
        return builder;
    }

    private NpgsqlDataSourceBuilder NewBuilderCore()
    {
        var builder = new NpgsqlDataSourceBuilder(_options.ConnectionString);
        _options.ConfigureDataSource?.Invoke(builder);
        var csb = builder.ConnectionStringBuilder;
        csb.TargetSessionAttributes = null; // routing decides, per connection
        csb.LoadBalanceHosts = false;
        return builder;
    }

    private sealed record WriterSource(NpgsqlMultiHostDataSource DataSource, int PrimaryIndex);
}
