using System.Net;
using Dify.HA.Client.Health;
using Dify.HA.Client.Routing;
using Dify.HA.Client.Tests.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Health;

/// <summary>Black holes: an endpoint whose calls have gone silent is probed at once, and a failed probe then takes it out
/// at once and signals the pipeline (no waiting for UnhealthyThreshold intervals).</summary>
public class StalledEndpointProbeTests
{
    // Probe every 5 s without jitter (the defaults otherwise: 2 failures to take out, stalled-probe after 1.5 s, timeout 1 s).
    private static DifyTopology Topology(FakeTimeProvider time, Action<DifyHealthProbeOptions>? configure = null)
        => TestTopology.Build(time, o =>
        {
            o.HealthProbe.Jitter = TimeSpan.Zero;
            configure?.Invoke(o.HealthProbe);
        }, ("eu", 0, 2), ("us", 1, 1));

    [Fact]
    public void A_failed_probe_while_calls_are_silent_takes_the_endpoint_out_at_once_and_cancels_its_unreachable_token()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        var token = endpoint.UnreachableToken;
        using var stuck = endpoint.BeginAttempt();
        time.Advance(TimeSpan.FromSeconds(2.5)); // StalledProbeAfter 1.5 s + probe Timeout 1 s

        endpoint.RecordProbe(healthy: false);

        Assert.True(endpoint.IsProbeFailing);
        Assert.False(endpoint.IsAvailable);
        Assert.True(token.IsCancellationRequested);
        Assert.False(endpoint.UnreachableToken.IsCancellationRequested); // a fresh token for attempts that start later
    }

    [Fact]
    public void A_failed_probe_without_silent_calls_waits_for_the_unhealthy_threshold()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        using var recent = endpoint.BeginAttempt();
        time.Advance(TimeSpan.FromSeconds(2)); // silent, but not for StalledProbeAfter + Timeout (a slow endpoint's gaps)

        endpoint.RecordProbe(healthy: false);
        Assert.False(endpoint.IsProbeFailing);
        Assert.False(endpoint.UnreachableToken.IsCancellationRequested);

        endpoint.RecordProbe(healthy: false);
        Assert.True(endpoint.IsProbeFailing);
    }

    [Fact]
    public void Calls_still_waiting_get_the_unreachable_verdict_after_early_probe_failures_took_the_endpoint_out()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time).Endpoints[0];
        using var stuck = endpoint.BeginAttempt();
        var token = endpoint.UnreachableToken;

        // Two probes fail before the call has been silent for StalledProbeAfter + Timeout: out by the threshold, no verdict.
        time.Advance(TimeSpan.FromSeconds(0.5));
        endpoint.RecordProbe(healthy: false);
        time.Advance(TimeSpan.FromSeconds(0.5));
        endpoint.RecordProbe(healthy: false);
        Assert.True(endpoint.IsProbeFailing);
        Assert.False(token.IsCancellationRequested);
        Assert.False(endpoint.NeedsStallProbe(MonotonicClock.NowTicks(time)));

        // The call stays silent: stall probes go on while it waits, and the next failed one ends its wait.
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(endpoint.NeedsStallProbe(MonotonicClock.NowTicks(time)));
        endpoint.RecordProbe(healthy: false);
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public void Stalled_probing_can_be_turned_off()
    {
        var time = TestTopology.Time();
        var endpoint = Topology(time, p => p.StalledProbeAfter = TimeSpan.Zero).Endpoints[0];
        using var stuck = endpoint.BeginAttempt();
        time.Advance(TimeSpan.FromSeconds(30));

        endpoint.RecordProbe(healthy: false);

        Assert.False(endpoint.IsProbeFailing);
    }

    [Fact]
    public async Task The_prober_probes_an_endpoint_whose_calls_went_silent_before_its_next_interval()
    {
        var time = TestTopology.Time();
        // Four failures would be needed without the stall: three probes taking it out show the stall rule acted.
        var topology = Topology(time, p => p.UnhealthyThreshold = 4);
        var silent = topology.Endpoints[0];
        using var handler = new CountingHandler(silent.HealthUrl);
        using var factory = new SingleClientFactory(handler);
        await using var prober = new DifyHealthProber(topology, factory, "t", random: new Random(7));

        await prober.StartAsync();
        await WaitFor(() => handler.ProbesOf(silent) == 1); // the first probe, at once (no jitter); the endpoint answers 503
        var stuck = silent.BeginAttempt();
        // Up to 4.5 s of fake time in 100 ms steps: before the 5 s interval. A probe at ≈ 1.5 s (calls silent for
        // StalledProbeAfter) and, the calls still silent, another 1.5 s later, which takes it out (silent ≥ 1.5 s + 1 s).
        for (var i = 0; i < 45 && !silent.IsProbeFailing; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        await WaitFor(() => silent.IsProbeFailing);
        Assert.Equal(3, handler.ProbesOf(silent));
        Assert.True(topology.Endpoints[1].IsAvailable);
        Assert.Equal(1, handler.ProbesOf(topology.Endpoints[1])); // endpoints with answered calls keep their interval
        stuck.Dispose();
        await prober.StopAsync();
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(10);
        }
    }

    /// <summary>Answers 503 to probes of one URL, 200 to the others, and counts probes per URL.</summary>
    private sealed class CountingHandler(Uri failing) : HttpMessageHandler
    {
        private readonly Dictionary<Uri, int> _counts = [];
        private readonly Lock _gate = new();

        public int ProbesOf(DifyEndpointState endpoint)
        {
            lock (_gate) return _counts.GetValueOrDefault(endpoint.HealthUrl);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_gate) _counts[request.RequestUri!] = _counts.GetValueOrDefault(request.RequestUri!) + 1;
            var status = request.RequestUri == failing ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client = new(handler, disposeHandler: false);

        public HttpClient CreateClient(string name) => _client;

        public void Dispose() => _client.Dispose();
    }
}
