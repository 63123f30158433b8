namespace Dify.HA.Client.Tests.Resilience;

/// <summary>429 <c>too_many_requests</c> is Dify's per-app cap of one deployment: a retry goes to another region when
/// one is available, without drawing on the retry budget; in the same region only when none is, and then budgeted.</summary>
public sealed class ThrottleRetryTests
{
    private const string ChatPost = "POST /chat-messages";

    [Fact]
    public async Task Too_many_requests_429_is_retried_in_another_region_before_another_endpoint_of_the_same_region()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 2);
        foreach (var e in h.Topology.Regions[0].Endpoints) e.Faults.ThrottleStorm(1.0);

        await h.Client.Chat.SendAsync(PipelineHarness.Chat("first"));

        // The first call met region-0's cap once, then went straight to region-1 (not to region-0's other endpoint).
        Assert.Equal(1, h.RegionTotal(0, e => e.Stats.RequestsFor(ChatPost)));
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.GenerationsStarted));

        for (var i = 0; i < 9; i++) await h.Client.Chat.SendAsync(PipelineHarness.Chat($"q{i}"));

        // Never twice in region-0 for one call (the routing layer may also shed new calls from the throttled region).
        Assert.InRange(h.RegionTotal(0, e => e.Stats.RequestsFor(ChatPost)), 1, 10);
        Assert.Equal(10, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
        Assert.Equal(10, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Cross_region_429_retry_does_not_draw_on_the_retry_budget()
    {
        // A budget of zero: no ordinary retry is allowed at all.
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1, resilience: p =>
        {
            p.RetryBudgetRatio = 0;
            p.MinRetriesPerSecond = 0;
        });
        h.Topology.Regions[0].Endpoints[0].Faults.ThrottleStorm(1.0);

        for (var i = 0; i < 20; i++) await h.Client.Chat.SendAsync(PipelineHarness.Chat($"q{i}"));

        Assert.Equal(20, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Streaming_generation_answered_429_is_retried_in_another_region()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        h.Topology.Regions[0].Endpoints[0].Faults.ThrottleStorm(1.0);

        var events = new List<DifyStreamEvent>();
        await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat())) events.Add(e);

        Assert.IsType<MessageEndEvent>(events[^1]);
        // The 429 was answered before the app ran: one generation in all, in region-1.
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Same_region_429_retry_draws_on_the_retry_budget()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 2, resilience: p =>
        {
            p.RetryBudgetRatio = 0;
            p.MinRetriesPerSecond = 0;
        });
        foreach (var e in h.Topology.Regions[0].Endpoints) e.Faults.ThrottleStorm(1.0);

        var error = await Assert.ThrowsAsync<DifyApiException>(() => h.Client.Chat.SendAsync(PipelineHarness.Chat()));

        Assert.Equal(429, error.StatusCode);
        // No other region and no budget: one attempt only.
        Assert.Equal(1, h.Total(e => e.Stats.RequestsFor(ChatPost)));
    }

    [Fact]
    public async Task Pinned_follow_up_answered_429_stays_in_its_region()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 2);
        var first = await h.Client.Chat.SendAsync(PipelineHarness.Chat());
        Assert.Equal(1, h.RegionTotal(0, e => e.Stats.GenerationsStarted));
        foreach (var e in h.Topology.Regions[0].Endpoints) e.Faults.ThrottleStorm(1.0);
        var region1Before = h.RegionTotal(1, e => e.Stats.Requests);

        var error = await Assert.ThrowsAsync<DifyApiException>(
            () => h.Client.Chat.SendAsync(PipelineHarness.Chat("again", first.ConversationId)));

        Assert.Equal(429, error.StatusCode);
        // Retried inside region-0 only (its other endpoint), never sent to region-1 where the conversation does not exist.
        Assert.True(h.RegionTotal(0, e => e.Stats.TooManyRequests) >= 2);
        Assert.Equal(region1Before, h.RegionTotal(1, e => e.Stats.Requests));
    }
}
