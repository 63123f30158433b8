using System.Text;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Streaming;

public sealed class SseFramingTests
{
    private static DifyEmulatorOptions Fast() => new() { TokenDelay = TimeSpan.Zero };

    /// <summary>Each frame is exactly "data: {compact JSON}\n\n" or "event: ping\n\n"; nothing else is on the wire.</summary>
    private static void AssertExactFraming(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        Assert.EndsWith("\n\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.DoesNotContain("id:", text.Split("\n\n").Select(f => f.Length > 3 ? f[..3] : f));
        Assert.DoesNotContain("[DONE]", text);
        foreach (var frame in text[..^2].Split("\n\n"))
        {
            if (frame == "event: ping")
                continue;
            Assert.StartsWith("data: ", frame);
            var json = frame["data: ".Length..];
            Assert.DoesNotContain("\n", json);
            Assert.Equal(JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), json);
        }
    }

    [Fact]
    public async Task Chat_stream_is_framed_byte_for_byte_like_Dify_and_ends_with_message_end()
    {
        await using var emulator = await DifyEmulator.StartAsync(Fast());
        using var client = Http.Client(emulator);
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("Frame me", streaming: true));
        await stream.CompletionAsync();

        AssertExactFraming(stream.RawBytes);
        var events = stream.Events;
        Assert.All(events.Take(events.Count - 1), e => Assert.Equal("message", e["event"]!.GetValue<string>()));
        Assert.Equal("message_end", events[^1]["event"]!.GetValue<string>());
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e["task_id"]?.GetValue<string>())));
        var usage = events[^1]["metadata"]!["usage"]!;
        Assert.True(usage["total_tokens"]!.GetValue<int>() > 0);
        Assert.Equal("USD", usage["currency"]!.GetValue<string>());
        Assert.Equal(0, stream.PingCount);
    }

    [Fact]
    public async Task Workflow_stream_starts_with_a_ping_and_ends_with_workflow_finished()
    {
        await using var emulator = await DifyEmulator.StartAsync(Fast());
        using var client = Http.Client(emulator, "app-workflow");
        await using var stream = await SseStream.OpenAsync(client, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "Go" }, streaming: true));
        await stream.CompletionAsync();

        AssertExactFraming(stream.RawBytes);
        Assert.Equal("event: ping", stream.Frames[0]);
        var names = stream.Events.Select(e => e["event"]!.GetValue<string>()).ToList();
        Assert.Equal("workflow_started", names[0]);
        Assert.Contains("node_started", names);
        Assert.Contains("text_chunk", names);
        Assert.Equal("workflow_finished", names[^1]);
        Assert.Equal("succeeded", stream.Events[^1]["data"]!["status"]!.GetValue<string>());
        Assert.All(stream.Events, e => Assert.False(string.IsNullOrEmpty(e["workflow_run_id"]?.GetValue<string>())));
    }

    [Fact]
    public async Task Chatflow_stream_sends_both_workflow_finished_and_message_end()
    {
        await using var emulator = await DifyEmulator.StartAsync(Fast());
        using var client = Http.Client(emulator, "app-chatflow");
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("Flow", streaming: true));
        await stream.CompletionAsync();

        var names = stream.Events.Select(e => e["event"]!.GetValue<string>()).ToList();
        Assert.Equal("workflow_started", names[0]);
        Assert.Contains("message", names);
        Assert.Equal(["workflow_finished", "message_end"], names[^2..]);
    }

    [Fact]
    public async Task Agent_stream_sends_agent_thoughts_and_agent_messages()
    {
        await using var emulator = await DifyEmulator.StartAsync(Fast());
        using var client = Http.Client(emulator, "app-agent");
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("Use a tool", streaming: true));
        await stream.CompletionAsync();

        var names = stream.Events.Select(e => e["event"]!.GetValue<string>()).ToList();
        Assert.Equal("agent_thought", names[0]);
        Assert.Contains("agent_message", names);
        Assert.Equal("message_end", names[^1]);
    }

    [Fact]
    public async Task Failure_mid_stream_is_an_error_data_event_without_task_id_and_is_persisted()
    {
        await using var emulator = await DifyEmulator.StartAsync(Fast());
        using var client = Http.Client(emulator);
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("[emulator:error] please fail", streaming: true));
        await stream.CompletionAsync();

        var last = stream.Events[^1];
        Assert.Equal("error", last["event"]!.GetValue<string>());
        Assert.Null(last["task_id"]);
        Assert.Equal(500, last["status"]!.GetValue<int>());
        Assert.Equal("internal_server_error", last["code"]!.GetValue<string>());
        Assert.Contains(stream.Events, e => e["event"]!.GetValue<string>() == "message");

        var history = await Http.GetJsonAsync(client, $"messages?conversation_id={last["conversation_id"]}&user=tester");
        Assert.Equal("error", history["data"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Same_query_gives_the_same_answer_on_every_instance_with_the_same_seed_and_scripted_answers_win()
    {
        await using var a = await DifyEmulator.StartAsync(Fast());
        var options = Fast();
        options.Apps.First(app => app.ApiKey == "app-chat").ScriptedAnswers["Ping?"] = "Pong.";
        await using var b = await DifyEmulator.StartAsync(options);
        using var ca = Http.Client(a);
        using var cb = Http.Client(b);

        var first = await Http.PostJsonAsync(ca, "chat-messages", Http.ChatBody("Same question"));
        var second = await Http.PostJsonAsync(cb, "chat-messages", Http.ChatBody("Same question"));
        var other = await Http.PostJsonAsync(ca, "chat-messages", Http.ChatBody("Another question"));
        var scripted = await Http.PostJsonAsync(cb, "chat-messages", Http.ChatBody("Ping?"));

        Assert.Equal(first["answer"]!.GetValue<string>(), second["answer"]!.GetValue<string>());
        Assert.NotEqual(first["answer"]!.GetValue<string>(), other["answer"]!.GetValue<string>());
        Assert.Equal("Pong.", scripted["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streamed_answer_is_what_GET_messages_returns_afterwards()
    {
        await using var emulator = await DifyEmulator.StartAsync(Fast());
        using var client = Http.Client(emulator);
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("Persist me", streaming: true));
        await stream.CompletionAsync();
        var streamed = string.Concat(stream.Events.Where(e => e["event"]!.GetValue<string>() == "message").Select(e => e["answer"]!.GetValue<string>()));
        var conversation = stream.Events[^1]["conversation_id"]!.GetValue<string>();

        var history = await Http.GetJsonAsync(client, $"messages?conversation_id={conversation}&user=tester");

        Assert.Equal(streamed, history["data"]![0]!["answer"]!.GetValue<string>());
        Assert.Equal("Persist me", history["data"]![0]!["query"]!.GetValue<string>());
    }
}
