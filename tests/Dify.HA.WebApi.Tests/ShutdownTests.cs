using System.Net;
using System.Text.Json;

namespace Dify.HA.WebApi.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task On_stop_readiness_turns_unhealthy_first_and_the_stream_in_flight_finishes()
    {
        var answer = string.Join(' ', Enumerable.Range(1, 60).Select(i => "w" + i));
        // 60 tokens at 40 ms: about 2.4 s of streaming, longer than the 0.5 s drain delay.
        await using var harness = await WebApiHarness.StartAsync(new Dictionary<string, string> { ["story"] = answer }, tokenDelay: TimeSpan.FromMilliseconds(40));

        using var response = await harness.PostChatAsync("story");
        var events = WebApiHarness.ReadEventsAsync(response);
        var stopping = harness.Web.App.StopAsync();   // what SIGTERM does

        HttpStatusCode readiness = 0;
        var drained = await WebApiHarness.EventuallyAsync(async () =>
        {
            using var probe = await harness.Http.GetAsync("healthz");
            readiness = probe.StatusCode;
            return readiness == HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(5));
        Assert.True(drained, $"/healthz answered {readiness} during the drain delay");
        Assert.False(events.IsCompleted, "the stream should still be running while readiness is already unhealthy");

        var received = await events;
        Assert.Equal("done", received[^1].EventType);
        var text = string.Concat(received.Where(e => e.EventType == "chunk").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()));
        Assert.Equal(answer, text);
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_stream_still_running_when_the_shutdown_budget_runs_out_ends_with_shutting_down_and_its_generation_is_stopped()
    {
        // 200 tokens at 50 ms: 10 s, far beyond a 4 s budget (0.3 s drain, streams cut at 2.15 s, 1.85 s before the end).
        var answer = string.Join(' ', Enumerable.Repeat("word", 200));
        await using var harness = await WebApiHarness.StartAsync(
            new Dictionary<string, string> { ["long"] = answer },
            tokenDelay: TimeSpan.FromMilliseconds(50),
            settings: [new("WebApi:DrainDelay", "00:00:00.300"), new("WebApi:ShutdownTimeout", "00:00:04")]);
        var primary = harness.Emulator.Regions[0].Endpoints[0];

        using var response = await harness.PostChatAsync("long");
        var events = WebApiHarness.ReadEventsAsync(response);
        var started = DateTime.UtcNow;
        var stopping = harness.Web.App.StopAsync();

        var received = await events.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(received, e => e.EventType == "chunk");
        Assert.Equal("error", received[^1].EventType);
        Assert.Equal("shutting_down", JsonDocument.Parse(received[^1].Data).RootElement.GetProperty("type").GetString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "shutdown should end within its budget, not after the whole answer");
        Assert.True(await WebApiHarness.EventuallyAsync(() => primary.Stats.GenerationsStopped == 1, TimeSpan.FromSeconds(5)),
            "the generation should have been stopped in Dify");
    }

    [Theory]
    [InlineData(30, 5, 28)]     // defaults: 25 s for streams, cut 2 s before the end
    [InlineData(2, 0.3, 1.15)]  // little time left: half of it is the margin
    [InlineData(5, 5, 5)]       // nothing left (rejected by validation anyway): no margin
    public void Streams_are_cut_a_margin_before_the_shutdown_budget_ends(double budget, double drain, double expected)
    {
        Assert.Equal(TimeSpan.FromSeconds(expected), Shutdown.ShutdownGate.StreamsDeadlineAfter(TimeSpan.FromSeconds(budget), TimeSpan.FromSeconds(drain)));
    }
}
