using System.Net;
using System.Text.Json;

namespace Dify.HA.WebApi.Tests;

public sealed class ChatEndpointTests
{
    private const string Question = "What does the fox do?";
    private const string Answer = "The quick brown fox jumps over the lazy dog.";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Chat_streams_answer_chunks_in_order_and_ends_with_a_done_event()
    {
        await using var harness = await WebApiHarness.StartAsync(new Dictionary<string, string> { [Question] = Answer });

        using var response = await harness.PostChatAsync(Question);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await WebApiHarness.ReadEventsAsync(response);

        var chunks = events.Take(events.Count - 1).ToList();
        Assert.All(chunks, e => Assert.Equal("chunk", e.EventType));
        var texts = chunks.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()).ToList();
        // The emulator streams one word per token: nine chunks, in order, that add up to the answer.
        Assert.Equal(["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog."], texts);

        var done = events[^1];
        Assert.Equal("done", done.EventType);
        var final = JsonDocument.Parse(done.Data).RootElement;
        Assert.True(Guid.TryParse(final.GetProperty("conversationId").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(final.GetProperty("taskId").GetString()));
        Assert.True(final.GetProperty("usage").GetProperty("totalTokens").GetInt64() > 0);
    }

    [Fact]
    public async Task Chat_continues_the_conversation_given_by_the_done_event()
    {
        await using var harness = await WebApiHarness.StartAsync();

        using var first = await harness.PostChatAsync("Hello");
        var conversationId = JsonDocument.Parse((await WebApiHarness.ReadEventsAsync(first))[^1].Data).RootElement.GetProperty("conversationId").GetString();
        using var second = await harness.PostChatAsync("And then?", conversationId);
        var done = (await WebApiHarness.ReadEventsAsync(second))[^1];

        Assert.Equal("done", done.EventType);
        Assert.Equal(conversationId, JsonDocument.Parse(done.Data).RootElement.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task Browser_going_away_closes_the_upstream_stream_and_stops_the_generation()
    {
        // 200 words at 50 ms: the whole answer would take 10 s.
        var longAnswer = string.Join(' ', Enumerable.Repeat("word", 200));
        await using var harness = await WebApiHarness.StartAsync(new Dictionary<string, string> { ["long"] = longAnswer }, tokenDelay: TimeSpan.FromMilliseconds(50));
        var primary = harness.Emulator.Regions[0].Endpoints[0];

        using (var cts = new CancellationTokenSource())
        {
            var response = await harness.PostChatAsync("long", cancellationToken: cts.Token);
            var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var buffer = new byte[256];
            Assert.True(await stream.ReadAsync(buffer, cts.Token) > 0);
            Assert.Equal(1, primary.Stats.ActiveStreams);
            // The browser goes away: the connection to the web app closes.
            cts.Cancel();
            response.Dispose();
        }

        Assert.True(await WebApiHarness.EventuallyAsync(() => primary.Stats.ActiveStreams == 0 && primary.Stats.GenerationsStopped == 1, Deadline),
            $"expected the Dify stream closed and the generation stopped; active streams {primary.Stats.ActiveStreams}, stopped {primary.Stats.GenerationsStopped}");
        Assert.Equal(1, primary.Stats.RequestsFor("POST /chat-messages/{task_id}/stop"));
    }

    [Fact]
    public async Task Browser_going_away_closes_the_upstream_stream_even_when_stopping_is_off()
    {
        var longAnswer = string.Join(' ', Enumerable.Repeat("word", 200));
        await using var harness = await WebApiHarness.StartAsync(
            new Dictionary<string, string> { ["long"] = longAnswer },
            tokenDelay: TimeSpan.FromMilliseconds(50),
            settings: [new("WebApi:StopGenerationOnDisconnect", "false")]);
        var primary = harness.Emulator.Regions[0].Endpoints[0];

        using (var cts = new CancellationTokenSource())
        {
            var response = await harness.PostChatAsync("long", cancellationToken: cts.Token);
            var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            Assert.True(await stream.ReadAsync(new byte[256], cts.Token) > 0);
            cts.Cancel();
            response.Dispose();
        }

        // The emulator's response ends long before the answer would have (10 s), while its run goes on in the background.
        Assert.True(await WebApiHarness.EventuallyAsync(() => primary.Stats.ActiveStreams == 0, Deadline));
        Assert.Equal(0, primary.Stats.GenerationsCompleted);
        Assert.Equal(0, primary.Stats.RequestsFor("POST /chat-messages/{task_id}/stop"));
    }

    [Fact]
    public async Task Chat_reports_a_typed_error_event_without_the_api_key_when_every_region_is_down()
    {
        await using var harness = await WebApiHarness.StartAsync();
        foreach (var region in harness.Emulator.Regions) await region.RefuseConnectionsAsync();

        using var response = await harness.PostChatAsync("Hello");
        var events = await WebApiHarness.ReadEventsAsync(response);

        var error = Assert.Single(events);
        Assert.Equal("error", error.EventType);
        var body = JsonDocument.Parse(error.Data).RootElement;
        Assert.Equal("dify_unavailable", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        Assert.DoesNotContain("app-chat", error.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", error.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_relays_a_mid_stream_dify_error_as_an_error_event_after_the_partial_answer()
    {
        await using var harness = await WebApiHarness.StartAsync();

        using var response = await harness.PostChatAsync("[emulator:error] tell me something long enough to be cut in half");
        var events = await WebApiHarness.ReadEventsAsync(response);

        Assert.Contains(events, e => e.EventType == "chunk");
        Assert.Equal("error", events[^1].EventType);
        var body = JsonDocument.Parse(events[^1].Data).RootElement;
        Assert.Equal("dify_error", body.GetProperty("type").GetString());
        Assert.Equal("internal_server_error", body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{\"message\":\"\"}")]
    [InlineData("{\"message\":\"hi\",\"conversationId\":\"not-a-conversation\"}")]
    public async Task Invalid_chat_request_is_refused_with_400_before_calling_dify(string json)
    {
        await using var harness = await WebApiHarness.StartAsync();

        using var response = await harness.Http.PostAsync("api/chat", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", body.GetProperty("type").GetString());
        Assert.Equal(0, harness.Endpoints.Sum(e => e.Stats.RequestsFor("POST /chat-messages")));
    }
}
