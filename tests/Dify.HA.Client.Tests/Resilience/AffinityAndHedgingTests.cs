using System.Diagnostics;

namespace Dify.HA.Client.Tests.Resilience;

public sealed class AffinityAndHedgingTests
{
    [Fact]
    public async Task Follow_ups_in_a_conversation_go_to_the_region_that_created_it()
    {
        // Same priority: without affinity, calls spread over both regions and a follow-up would often 404.
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1, samePriority: true);

        var first = await h.Client.Chat.SendAsync(PipelineHarness.Chat());
        var owner = h.RegionTotal(0, e => e.Stats.GenerationsStarted) == 1 ? 0 : 1;
        for (var i = 0; i < 10; i++)
        {
            var next = await h.Client.Chat.SendAsync(PipelineHarness.Chat($"follow-up {i}", first.ConversationId));
            Assert.Equal(first.ConversationId, next.ConversationId);
        }
        var history = await h.Client.Messages.ListAsync(first.ConversationId!, PipelineHarness.User);

        Assert.Equal(11, history.Data.Count);
        Assert.Equal(11, h.RegionTotal(owner, e => e.Stats.GenerationsStarted));
        Assert.Equal(0, h.RegionTotal(1 - owner, e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Blocking_generation_pins_its_conversation_but_not_its_finished_task()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);

        var answer = await h.Client.Chat.SendAsync(PipelineHarness.Chat());
        var again = await h.Client.Chat.SendAsync(PipelineHarness.Chat("again", answer.ConversationId));

        Assert.Equal("region-0", h.Transport.Affinity.Find(answer.ConversationId, null, null));
        Assert.False(string.IsNullOrEmpty(answer.TaskId));
        // The answer of a blocking call comes when its task has ended: nothing left to stop, so nothing to pin.
        Assert.Null(h.Transport.Affinity.Find(null, answer.TaskId, null));
        Assert.Equal(answer.ConversationId, again.ConversationId);
        Assert.Equal(1, h.Transport.Affinity.Count);
    }

    [Fact]
    public async Task Follow_up_fails_with_a_typed_error_when_the_conversation_region_is_down()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        var first = await h.Client.Chat.SendAsync(PipelineHarness.Chat());
        await h.Topology.Regions[0].RefuseConnectionsAsync();

        var error = await Assert.ThrowsAsync<DifyNoHealthyEndpointException>(
            () => h.Client.Chat.SendAsync(PipelineHarness.Chat("again", first.ConversationId)));

        Assert.Equal("region-0", error.PinnedRegion);
        Assert.Contains("region-0", error.Message, StringComparison.Ordinal);
        // Never sent to region-1, where the conversation does not exist.
        Assert.Equal(0, h.RegionTotal(1, e => e.Stats.Requests));
    }

    [Fact]
    public async Task Follow_up_starts_a_new_conversation_in_the_backup_region_when_configured()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1,
            resilience: p => p.Affinity.OnPinnedRegionDown = DifyPinnedRegionDownBehavior.NewConversationInBackup);
        var first = await h.Client.Chat.SendAsync(PipelineHarness.Chat());
        await h.Topology.Regions[0].RefuseConnectionsAsync();

        var next = await h.Client.Chat.SendAsync(PipelineHarness.Chat("again", first.ConversationId));

        Assert.NotEqual(first.ConversationId, next.ConversationId);
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Hedged_read_answers_from_the_faster_endpoint()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 2, resilience: p =>
        {
            p.Hedging.Reads = true;
            p.Hedging.Delay = TimeSpan.FromMilliseconds(50);
        });
        h.Topology.Regions[0].Endpoints[0].Faults.AddLatency(TimeSpan.FromSeconds(3));

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 6; i++) await h.Client.App.GetInfoAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.True(h.Topology.Regions[0].Endpoints[1].Stats.Requests >= 6);
    }

    [Fact]
    public async Task Hedged_generation_keeps_the_faster_stream_and_stops_the_loser()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1,
            resilience: p =>
            {
                p.Hedging.Generations = true;
                p.Hedging.Delay = TimeSpan.FromMilliseconds(50);
            },
            emulator: o =>
            {
                o.TokenDelay = TimeSpan.FromMilliseconds(20);
                // About 1.2 s of tokens: the loser is still generating when its stop arrives.
                foreach (var app in o.Apps) app.ScriptedAnswers["a long story please"] = string.Join(' ', Enumerable.Repeat("word", 60));
            });
        h.Topology.Regions[0].Endpoints[0].Faults.AddLatency(TimeSpan.FromMilliseconds(600));

        var events = new List<DifyStreamEvent>();
        await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat("a long story please"))) events.Add(e);

        Assert.IsType<MessageEndEvent>(events[^1]);
        // Both generations started (the hedge is a second, paid one); the loser must be stopped, not left to run.
        // The slow primary normally loses; on a cold, loaded machine the hedge may lose instead, so count either way.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Total(e => e.Stats.GenerationsStopped) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(2, h.Total(e => e.Stats.GenerationsStarted));
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStopped));
        var winner = events[0].TaskId;
        var loserRegion = h.RegionTotal(0, e => e.Stats.GenerationsStopped) == 1 ? 0 : 1;
        Assert.Equal(1, h.RegionTotal(loserRegion, e => e.Stats.RequestsFor("POST /chat-messages/{task_id}/stop")));
        Assert.False(string.IsNullOrEmpty(winner));
    }
}
