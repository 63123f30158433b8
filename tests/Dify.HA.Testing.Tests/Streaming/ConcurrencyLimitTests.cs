using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Streaming;

public sealed class ConcurrencyLimitTests
{
    [Fact]
    public async Task Open_stream_holds_its_slot_so_the_next_generation_gets_429_too_many_requests_until_it_closes()
    {
        var options = new DifyEmulatorOptions { MaxActiveRequestsPerApp = 1, TokenDelay = TimeSpan.FromMilliseconds(20) };
        options.Apps.First(a => a.ApiKey == "app-chat").ScriptedAnswers["long"] = string.Join(' ', Enumerable.Range(1, 25).Select(i => "w" + i));
        await using var emulator = await DifyEmulator.StartAsync(options);
        using var client = Http.Client(emulator);
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("long", streaming: true));
        await stream.WaitForAsync(s => s.Events.Count >= 1, "first token");

        using var refused = await Http.PostAsync(client, "chat-messages", Http.ChatBody("second"));
        var error = await Http.JsonOf(refused);

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("too_many_requests", error["code"]!.GetValue<string>());
        Assert.Equal(429, error["status"]!.GetValue<int>());
        Assert.False(refused.Headers.Contains("Retry-After"));
        Assert.Equal(1, emulator.Stats.TooManyRequests);

        // Other apps have their own slots; reads are not limited.
        using var workflow = Http.Client(emulator, "app-workflow");
        await Http.PostJsonAsync(workflow, "workflows/run", Http.WorkflowBody(new JsonObject()));
        await Http.GetJsonAsync(client, "parameters");

        await stream.CompletionAsync();
        await Http.WaitUntilAsync(() => emulator.Stats.ActiveStreams == 0, "the stream to close");
        var third = await Http.PostJsonAsync(client, "chat-messages", Http.ChatBody("third"));
        Assert.Equal("message", third["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task Limit_is_shared_by_the_endpoints_of_a_region()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(1, 2, o =>
        {
            o.MaxActiveRequestsPerApp = 1;
            o.TokenDelay = TimeSpan.FromMilliseconds(20);
            o.Apps.First(a => a.ApiKey == "app-chat").ScriptedAnswers["long"] = string.Join(' ', Enumerable.Range(1, 25).Select(i => "w" + i));
        });
        using var a = Http.Client(topology.Regions[0].Endpoints[0]);
        using var b = Http.Client(topology.Regions[0].Endpoints[1]);
        await using var stream = await SseStream.OpenAsync(a, "chat-messages", Http.ChatBody("long", streaming: true));
        await stream.WaitForAsync(s => s.Events.Count >= 1, "first token");

        using var refused = await Http.PostAsync(b, "chat-messages", Http.ChatBody("other endpoint"));

        Assert.Equal(429, (int)refused.StatusCode);
    }
}
