using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Streaming;

public sealed class StopTests
{
    private static readonly string LongAnswer = string.Join(' ', Enumerable.Range(1, 200).Select(i => "word" + i)) + ".";

    private static void Configure(DifyEmulatorOptions options)
    {
        options.TokenDelay = TimeSpan.FromMilliseconds(20);
        foreach (var app in options.Apps)
            app.ScriptedAnswers["long"] = LongAnswer;
    }

    [Fact]
    public async Task Stop_through_another_endpoint_of_the_region_ends_the_chat_stream_with_message_end_and_keeps_the_partial_answer()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(1, 2, Configure);
        var (first, second) = (topology.Regions[0].Endpoints[0], topology.Regions[0].Endpoints[1]);
        using var a = Http.Client(first);
        using var b = Http.Client(second);
        await using var stream = await SseStream.OpenAsync(a, "chat-messages", Http.ChatBody("long", user: "alice", streaming: true));
        await stream.WaitForAsync(s => s.Events.Count >= 3, "three tokens");
        var taskId = stream.Events[0]["task_id"]!.GetValue<string>();

        var stop = await Http.PostJsonAsync(b, $"chat-messages/{taskId}/stop", new JsonObject { ["user"] = "alice" });
        await stream.CompletionAsync();

        Assert.Equal("success", stop["result"]!.GetValue<string>());
        var events = stream.Events;
        Assert.Equal("message_end", events[^1]["event"]!.GetValue<string>());
        var partial = string.Concat(events.Where(e => e["event"]!.GetValue<string>() == "message").Select(e => e["answer"]!.GetValue<string>()));
        Assert.True(partial.Length < LongAnswer.Length, "the stream was not stopped early");
        var conversation = events[^1]["conversation_id"]!.GetValue<string>();
        var history = await Http.GetJsonAsync(b, $"messages?conversation_id={conversation}&user=alice");
        Assert.Equal(partial, history["data"]![0]!["answer"]!.GetValue<string>());
        Assert.Equal(1, first.Stats.GenerationsStopped);
        Assert.Equal(1, first.Stats.GenerationsStarted);
        Assert.Equal(0, second.Stats.GenerationsStarted);
    }

    [Fact]
    public async Task Stop_with_another_user_answers_success_but_does_not_stop_the_run()
    {
        var options = new DifyEmulatorOptions();
        Configure(options);
        options.TokenDelay = TimeSpan.FromMilliseconds(2);
        options.Apps.First(a => a.ApiKey == "app-chat").ScriptedAnswers["long"] = string.Join(' ', Enumerable.Range(1, 60).Select(i => "w" + i));
        await using var emulator = await DifyEmulator.StartAsync(options);
        using var client = Http.Client(emulator);
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("long", user: "alice", streaming: true));
        await stream.WaitForAsync(s => s.Events.Count >= 1, "first token");

        await Http.PostJsonAsync(client, $"chat-messages/{stream.Events[0]["task_id"]}/stop", new JsonObject { ["user"] = "mallory" });
        await stream.CompletionAsync();

        Assert.Equal(61, stream.Events.Count);
        Assert.Equal(0, emulator.Stats.GenerationsStopped);
    }

    [Fact]
    public async Task Stop_ends_a_workflow_stream_with_workflow_finished_stopped_and_the_run_reads_stopped()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(20) });
        emulator.Apps.First(a => a.ApiKey == "app-workflow").ScriptedAnswers["long"] = LongAnswer;
        using var client = Http.Client(emulator, "app-workflow");
        await using var stream = await SseStream.OpenAsync(client, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "long" }, streaming: true));
        await stream.WaitForAsync(s => s.Events.Any(e => e["event"]!.GetValue<string>() == "text_chunk"), "a text chunk");
        var first = stream.Events[0];

        await Http.PostJsonAsync(client, $"workflows/tasks/{first["task_id"]}/stop", new JsonObject { ["user"] = "tester" });
        await stream.CompletionAsync();

        var last = stream.Events[^1];
        Assert.Equal("workflow_finished", last["event"]!.GetValue<string>());
        Assert.Equal("stopped", last["data"]!["status"]!.GetValue<string>());
        var detail = await Http.GetJsonAsync(client, $"workflows/run/{first["workflow_run_id"]}");
        Assert.Equal("stopped", detail["status"]!.GetValue<string>());
        var logs = await Http.GetJsonAsync(client, "workflows/logs?status=stopped");
        Assert.Equal(1, logs["total"]!.GetValue<int>());
    }
}
