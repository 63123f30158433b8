using Dify.HA.Testing;

namespace Dify.HA.Client.Tests.Resilience;

public sealed class StreamRecoveryTests
{
    [Fact]
    public async Task Workflow_stream_cut_after_first_event_reattaches_and_the_caller_sees_each_event_once()
    {
        PipelineHarness? harness = null;
        // Heals the cut as soon as the pipeline re-attaches, so the re-attach stream runs to the end.
        var reattached = 0;
        harness = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1, apiKey: "app-workflow",
            handler: () => new SpyHandler(request =>
            {
                if (request.RequestUri!.AbsolutePath.Contains("/workflow/", StringComparison.Ordinal) && request.RequestUri.AbsolutePath.EndsWith("/events", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref reattached);
                    foreach (var e in harness!.Endpoints) e.Faults.CutStreamAfterEvents(int.MaxValue);
                }
            }));
        await using var h = harness;
        h.Topology.Regions[0].Endpoints[0].Faults.CutStreamAfterEvents(2);

        var events = new List<DifyStreamEvent>();
        await foreach (var e in h.Client.Workflows.StreamAsync(new WorkflowRunRequest { Inputs = new Dictionary<string, object?> { ["query"] = "hi" } }))
            events.Add(e);

        Assert.Equal(1, reattached);
        Assert.IsType<WorkflowStartedEvent>(events[0]);
        Assert.IsType<WorkflowFinishedEvent>(events[^1]);
        Assert.Single(events.OfType<WorkflowStartedEvent>());
        Assert.Single(events.OfType<WorkflowFinishedEvent>());
        // Each node event once: no replayed duplicates.
        var nodeStarts = events.OfType<NodeStartedEvent>().Select(n => n.Data?.Id).ToList();
        Assert.Equal(nodeStarts.Distinct().Count(), nodeStarts.Count);
        // Re-attached on the run's region, which never started a second run.
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));
        Assert.Equal(0, h.RegionTotal(1, e => e.Stats.Requests));
    }

    [Fact]
    public async Task Workflow_stream_falls_back_to_polling_the_run_when_reattach_keeps_failing()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 1, apiKey: "app-workflow",
            resilience: p => p.MaxAttempts = 2);
        // Every stream (the run's and each re-attach) is cut after 2 events: only polling can finish.
        h.Topology.Regions[0].Endpoints[0].Faults.CutStreamAfterEvents(2);

        var events = new List<DifyStreamEvent>();
        await foreach (var e in h.Client.Workflows.StreamAsync(new WorkflowRunRequest { Inputs = new Dictionary<string, object?> { ["query"] = "hi" } }))
            events.Add(e);

        var finished = Assert.IsType<WorkflowFinishedEvent>(events[^1]);
        Assert.Equal("succeeded", finished.Data?.Status);
        Assert.True(h.Total(e => e.Stats.RequestsTo("/v1/workflows/run/" + finished.WorkflowRunId)) >= 1);
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task Chat_stream_cut_raises_interrupted_exception_with_ids_and_partial_answer()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        h.Topology.Regions[0].Endpoints[0].Faults.CutStreamAfterEvents(3);

        var delivered = new List<DifyStreamEvent>();
        var error = await Assert.ThrowsAsync<DifyStreamInterruptedException>(async () =>
        {
            await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat("tell me a story"))) delivered.Add(e);
        });

        Assert.Equal(3, delivered.Count);
        Assert.Equal(3, error.EventsDelivered);
        Assert.Equal(string.Concat(delivered.OfType<MessageEvent>().Select(m => m.Answer)), error.PartialAnswer);
        Assert.False(string.IsNullOrEmpty(error.PartialAnswer));
        Assert.Equal(delivered[0].TaskId, error.TaskId);
        Assert.Equal(delivered[0].ConversationId, error.ConversationId);
        Assert.False(string.IsNullOrEmpty(error.MessageId));
        Assert.Equal("region-0", error.Region);
        // Never re-sent elsewhere.
        Assert.Equal(1, h.Total(e => e.Stats.GenerationsStarted));

        // The run goes on in region-0: the persisted message is read back there (the conversation is pinned).
        DifyMessage? message = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            message = await h.Client.ReadPersistedMessageAsync(error);
            if (message?.Answer?.Length > error.PartialAnswer.Length) break;
            await Task.Delay(20);
        }
        Assert.NotNull(message);
        Assert.Equal(error.MessageId, message.Id);
        Assert.StartsWith(error.PartialAnswer, message.Answer, StringComparison.Ordinal);
    }
}
