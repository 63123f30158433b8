using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Streaming;

public sealed class ReattachTests
{
    [Fact]
    public async Task Re_attaching_to_a_running_workflow_after_a_cut_replays_then_follows_it_live_to_workflow_finished()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(1, 2, o =>
        {
            o.TokenDelay = TimeSpan.FromMilliseconds(15);
            o.Apps.First(a => a.ApiKey == "app-workflow").ScriptedAnswers["long"] = string.Join(' ', Enumerable.Range(1, 40).Select(i => "t" + i));
        });
        var (first, second) = (topology.Regions[0].Endpoints[0], topology.Regions[0].Endpoints[1]);
        using var a = Http.Client(first, "app-workflow");
        using var b = Http.Client(second, "app-workflow");
        first.Faults.CutStreamAfterEvents(5);

        await using var cut = await SseStream.OpenAsync(a, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "long" }, streaming: true));
        await cut.CompletionAsync();
        Assert.Equal(5, cut.Events.Count);
        var runId = cut.Events[0]["workflow_run_id"]!.GetValue<string>();
        Assert.Equal(0, first.Stats.GenerationsCompleted);

        // Through the sibling endpoint, while the run is still producing.
        await using var resumed = await SseStream.OpenGetAsync(b, $"workflow/{runId}/events?user=tester");
        await resumed.CompletionAsync();

        var events = resumed.Events;
        Assert.Equal("event: ping", resumed.Frames[0]);
        Assert.Equal(cut.Events.Select(e => e.ToJsonString()), events.Take(5).Select(e => e.ToJsonString()));
        Assert.Equal("workflow_finished", events[^1]["event"]!.GetValue<string>());
        var text = string.Concat(events.Where(e => e["event"]!.GetValue<string>() == "text_chunk").Select(e => e["data"]!["text"]!.GetValue<string>()));
        Assert.Equal(string.Join(' ', Enumerable.Range(1, 40).Select(i => "t" + i)), text);
        Assert.Equal(1, first.Stats.GenerationsStarted);
        Assert.Equal(0, second.Stats.GenerationsStarted);
    }

    [Fact]
    public async Task Re_attach_to_a_chat_app_or_an_unknown_run_answers_Dify_errors()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var chat = Http.Client(emulator, "app-chat");
        using var workflow = Http.Client(emulator, "app-workflow");

        var notWorkflow = await Http.GetJsonAsync(chat, $"workflow/{Guid.NewGuid()}/events?user=tester", expectedStatus: 400);
        var missing = await Http.GetJsonAsync(workflow, $"workflow/{Guid.NewGuid()}/events?user=tester", expectedStatus: 404);

        Assert.Equal("not_workflow_app", notWorkflow["code"]!.GetValue<string>());
        Assert.Equal("not_found", missing["code"]!.GetValue<string>());
    }
}
