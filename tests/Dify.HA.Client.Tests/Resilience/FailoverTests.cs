using System.Diagnostics;
using Dify.HA.Testing;

namespace Dify.HA.Client.Tests.Resilience;

public sealed class FailoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string ChatPost = "POST /chat-messages";

    [Fact]
    public async Task Failover_to_backup_region_when_primary_refuses_connections()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 2);
        await h.Topology.Regions[0].RefuseConnectionsAsync();

        var info = await h.Client.App.GetInfoAsync();
        // A refused connection proves nothing was sent: even a generation fails over without opt-in.
        var answer = await h.Client.Chat.SendAsync(PipelineHarness.Chat());

        Assert.False(string.IsNullOrEmpty(info.Name));
        Assert.False(string.IsNullOrEmpty(answer.Answer));
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Streaming_generation_fails_over_when_primary_refuses_connections()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        await h.Topology.Regions[0].RefuseConnectionsAsync();

        var events = new List<DifyStreamEvent>();
        await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat())) events.Add(e);

        Assert.IsType<MessageEndEvent>(events[^1]);
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Black_holed_endpoint_is_left_after_the_response_headers_timeout()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 2,
            resilience: p => p.ResponseHeadersTimeout = TimeSpan.FromMilliseconds(200));
        h.Topology.Regions[0].Endpoints[0].Faults.BlackHole();

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++) await h.Client.App.GetInfoAsync();

        // At most one wait of 200 ms per call, never the 5 s blocking timeout.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.True(h.Topology.Regions[0].Endpoints[1].Stats.Requests >= 4);
    }

    [Fact]
    public async Task Reads_are_retried_through_a_503_burst()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 2);
        h.Topology.Regions[0].Endpoints[0].Faults.StatusBurst(503, 1.0);
        h.Topology.Regions[0].Endpoints[1].Faults.StatusBurst(503, 0.0);

        for (var i = 0; i < 10; i++) await h.Client.App.GetParametersAsync();

        Assert.True(h.Total(e => e.Stats.FaultsInjected) > 0);
    }

    [Fact]
    public async Task Generation_failing_ambiguously_is_not_retried_without_opt_in()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        h.Topology.Regions[0].Endpoints[0].Faults.CutStreamAfterEvents(0);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in h.Client.Chat.StreamAsync(PipelineHarness.Chat()))
            {
            }
        });

        // The cut stream's generation runs on in region-0: a retry would have been a second, paid one.
        Assert.Equal(1, h.Total(e => e.Stats.RequestsFor(ChatPost)));
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Blocking_generation_answered_503_is_not_retried_without_opt_in()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        h.Topology.Regions[0].Endpoints[0].Faults.StatusBurst(503, 1.0);

        var error = await Assert.ThrowsAsync<DifyApiException>(() => h.Client.Chat.SendAsync(PipelineHarness.Chat()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, h.Total(e => e.Stats.RequestsFor(ChatPost)));
    }

    [Fact]
    public async Task Stream_cut_before_first_event_fails_over_transparently_when_generation_retry_is_allowed()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        h.Topology.Regions[0].Endpoints[0].Faults.CutStreamAfterEvents(0);

        var events = new List<DifyStreamEvent>();
        using (DifyGenerationRetry.Allow())
        {
            await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat())) events.Add(e);
        }

        Assert.IsType<MessageEndEvent>(events[^1]);
        Assert.Equal(2, h.Total(e => e.Stats.RequestsFor(ChatPost)));
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Blocking_generation_answered_503_is_retried_with_per_client_opt_in()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1, resilience: p => p.AllowGenerationRetry = true);
        h.Topology.Regions[0].Endpoints[0].Faults.StatusBurst(503, 1.0);

        var answer = await h.Client.Chat.SendAsync(PipelineHarness.Chat());

        Assert.False(string.IsNullOrEmpty(answer.Answer));
        Assert.Equal(2, h.Total(e => e.Stats.RequestsFor(ChatPost)));
    }

    [Fact]
    public async Task Too_many_requests_429_is_retried_on_another_endpoint()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 2);
        h.Topology.Regions[0].Endpoints[0].Faults.ThrottleStorm(1.0);
        h.Topology.Regions[0].Endpoints[1].Faults.ThrottleStorm(0.0);

        for (var i = 0; i < 5; i++) await h.Client.Chat.SendAsync(PipelineHarness.Chat());

        Assert.True(h.Total(e => e.Stats.TooManyRequests) > 0);
        Assert.Equal(5, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Rate_limit_error_429_is_not_retried()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        foreach (var e in h.Endpoints) e.Faults.StatusBurst(429, 1.0, "rate_limit_error");

        var error = await Assert.ThrowsAsync<DifyApiException>(() => h.Client.Chat.SendAsync(PipelineHarness.Chat()));

        Assert.Equal("rate_limit_error", error.Code);
        Assert.Equal(1, h.Total(e => e.Stats.RequestsFor(ChatPost)));
    }

    [Fact]
    public async Task Retry_budget_caps_attempts_during_a_total_outage()
    {
        const int Calls = 100;
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 2, resilience: p =>
        {
            p.MinRetriesPerSecond = 0;
            p.RetryBudgetRatio = 0.2;
            p.MaxAttempts = 3;
        });
        foreach (var e in h.Endpoints) e.Faults.StatusBurst(503, 1.0);

        var failures = 0;
        for (var i = 0; i < Calls; i++)
        {
            try
            {
                await h.Client.App.GetParametersAsync();
            }
            catch (Exception ex) when (ex is DifyApiException or DifyNoHealthyEndpointException)
            {
                failures++;
            }
        }

        Assert.Equal(Calls, failures);
        var attempts = h.Total(e => e.Stats.Requests);
        output.WriteLine($"total outage: {attempts} attempts for {Calls} calls = {attempts / (double)Calls:0.00} per call");
        Assert.True(attempts <= Calls * 1.2, $"{attempts} attempts for {Calls} calls");
    }

    [Fact]
    public async Task Deadline_is_respected_when_every_endpoint_is_slow()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 2, resilience: p =>
        {
            p.Deadline = TimeSpan.FromMilliseconds(300);
            p.ResponseHeadersTimeout = TimeSpan.FromSeconds(5);
        });
        foreach (var e in h.Endpoints) e.Faults.AddLatency(TimeSpan.FromSeconds(3));

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => h.Client.App.GetInfoAsync());

        Assert.Contains("Deadline", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
