using Dify.HA.Client.Routing;
using Microsoft.Extensions.Logging;

namespace Dify.HA.Client.Health;

/// <summary>
/// Actively probes every endpoint of one <see cref="DifyTopology"/>: <c>GET</c> of the endpoint's health URL (its
/// <see cref="DifyEndpointOptions.HealthUrl"/>, else <c>&lt;BaseUrl&gt;/</c> + <see cref="DifyHealthProbeOptions.Path"/>)
/// every <see cref="DifyHealthProbeOptions.Interval"/> ± <see cref="DifyHealthProbeOptions.Jitter"/>, one loop per endpoint,
/// timed by the topology's <see cref="TimeProvider"/>. A 2xx within the timeout is healthy; anything else is not. An
/// endpoint whose in-flight calls have had no answer for <see cref="DifyHealthProbeOptions.StalledProbeAfter"/> is probed
/// at once (at most once per that time), and a failure then takes it out at once (a black hole is left in about
/// StalledProbeAfter + Timeout instead of UnhealthyThreshold intervals).
/// The DI layer starts it with the host (wrap it in a hosted service) and stops it on shutdown.
/// </summary>
internal sealed class DifyHealthProber : IAsyncDisposable
{
    // The shortest wait between two looks at an endpoint's stall (bounds the loop's wake-ups while calls are silent).
    private static readonly TimeSpan MinStallCheck = TimeSpan.FromMilliseconds(50);

    private readonly DifyTopology _topology;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stopping;
    private Task _loops = Task.CompletedTask;

    /// <param name="topology">The endpoints to probe.</param>
    /// <param name="httpClientFactory">Gives the HttpClient of each probe (named <paramref name="httpClientName"/>).</param>
    /// <param name="httpClientName">The named client to use (the client's own, so proxies and handlers apply). The probe sends no API key.</param>
    /// <param name="logger">Logs state changes and, at Debug, failed probes.</param>
    /// <param name="random">Jitter source; seeded in tests. Default <see cref="Random.Shared"/>.</param>
    public DifyHealthProber(DifyTopology topology, IHttpClientFactory httpClientFactory, string httpClientName, ILogger? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _topology = topology;
        _httpClientFactory = httpClientFactory;
        _httpClientName = httpClientName;
        _logger = logger ?? topology.Logger;
        _random = random ?? Random.Shared;
    }

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsRunning
    {
        get { lock (_gate) return _stopping is not null; }
    }

    /// <summary>Starts one probe loop per endpoint (nothing when probing is disabled). Returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!_topology.Options.HealthProbe.Enabled) return Task.CompletedTask;
        lock (_gate)
        {
            if (_stopping is not null) return Task.CompletedTask;
            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _loops = Task.WhenAll(_topology.Endpoints.Select(e => Task.Run(() => LoopAsync(e, token), CancellationToken.None)));
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the loops and waits for them (or for <paramref name="cancellationToken"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        CancellationTokenSource? stopping;
        Task loops;
        lock (_gate)
        {
            stopping = _stopping;
            loops = _loops;
            _stopping = null;
        }

        if (stopping is null) return;
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await loops.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stopping.Dispose();
        }
    }

    /// <summary>Probes every endpoint once, in parallel, and records the results (used by tests and by callers that
    /// want a fresh verdict now).</summary>
    public Task ProbeAllOnceAsync(CancellationToken cancellationToken = default)
        => Task.WhenAll(_topology.Endpoints.Select(e => ProbeAsync(e, cancellationToken)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task LoopAsync(DifyEndpointState endpoint, CancellationToken stopping)
    {
        var options = _topology.Options.HealthProbe;
        var time = _topology.TimeProvider;
        // The first probe comes soon (within one jitter), so a dead endpoint is known before much traffic meets it.
        var delay = TimeSpan.FromTicks((long)(options.Jitter.Ticks * NextDouble()));
        var stallAfter = options.StalledProbeAfter.Ticks;
        var lastProbe = long.MinValue / 2;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var due = MonotonicClock.NowTicks(time) + delay.Ticks;
                while (true)
                {
                    var now = MonotonicClock.NowTicks(time);
                    var remaining = due - now;
                    if (remaining <= 0) break;
                    var wait = remaining;
                    if (stallAfter > 0)
                    {
                        // Wake when the endpoint's calls could have been silent for StalledProbeAfter (and a stall probe is
                        // allowed again), so a black hole is probed within about that time instead of the interval.
                        var untilStall = Math.Max(stallAfter - endpoint.StalledTicks(now), lastProbe + stallAfter - now);
                        wait = Math.Min(remaining, Math.Max(untilStall, MinStallCheck.Ticks));
                    }

                    await Task.Delay(TimeSpan.FromTicks(wait), time, stopping).ConfigureAwait(false);
                    now = MonotonicClock.NowTicks(time);
                    if (stallAfter > 0 && now - lastProbe >= stallAfter && endpoint.NeedsStallProbe(now)) break;
                }

                lastProbe = MonotonicClock.NowTicks(time);
                await ProbeAsync(endpoint, stopping).ConfigureAwait(false);
                delay = options.Interval + TimeSpan.FromTicks((long)(options.Jitter.Ticks * ((2 * NextDouble()) - 1)));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task ProbeAsync(DifyEndpointState endpoint, CancellationToken cancellationToken)
    {
        var healthy = false;
        string? reason = null;
        var options = _topology.Options.HealthProbe;
        using var timeout = new CancellationTokenSource(options.Timeout, _topology.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = _httpClientFactory.CreateClient(_httpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.HealthUrl);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            healthy = response.IsSuccessStatusCode;
            if (!healthy) reason = "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // stopping: record nothing
        }
        catch (OperationCanceledException)
        {
            reason = $"no answer within {options.Timeout.TotalMilliseconds:0} ms";
        }
        catch (HttpRequestException ex)
        {
            reason = ex.HttpRequestError.ToString();
        }
#pragma warning disable CA1031 // A probe must never end its loop: whatever went wrong, the endpoint did not answer well.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            reason = ex.GetType().Name;
        }

        if (reason is not null) RoutingLog.ProbeFailed(_logger, _topology.ClientName, endpoint.Id, reason);
        endpoint.RecordProbe(healthy);
    }

    private double NextDouble()
    {
        lock (_randomGate) return _random.NextDouble();
    }
}
