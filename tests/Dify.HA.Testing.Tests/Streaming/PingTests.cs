using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Testing.Tests.Streaming;

public sealed class PingTests
{
    [Fact]
    public async Task Idle_stream_sends_event_ping_after_each_ping_interval_on_the_emulator_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new DifyEmulatorOptions { TimeProvider = time, PingInterval = TimeSpan.FromSeconds(10), TokenDelay = TimeSpan.FromSeconds(25) };
        options.Apps.First(a => a.ApiKey == "app-chat").ScriptedAnswers["slow"] = "one two";
        await using var emulator = await DifyEmulator.StartAsync(options);
        using var client = Http.Client(emulator);
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("slow", streaming: true));

        // Nothing happens until the clock moves: no ping before the interval.
        await Task.Delay(50);
        Assert.Empty(stream.Frames);

        // 10 s of idle → one ping; 20 s → two; the first token comes at 25 s.
        await AdvanceUntilAsync(time, stream, s => s.PingCount >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal(["event: ping"], stream.Frames);
        await AdvanceUntilAsync(time, stream, s => s.PingCount >= 2, TimeSpan.FromSeconds(10));
        await AdvanceUntilAsync(time, stream, s => s.Events.Count >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal("message", stream.Events[0]["event"]!.GetValue<string>());
        Assert.Equal(2, stream.PingCount);
        Assert.Equal(2, emulator.Stats.PingsSent);
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, SseStream stream, Func<SseStream, bool> condition, TimeSpan step)
    {
        // Advance in small steps so the timers the emulator registers meanwhile are honoured in order.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var advanced = TimeSpan.Zero;
        while (!condition(stream))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The stream did not reach the expected state.");
            if (advanced < step)
            {
                var tick = TimeSpan.FromSeconds(1);
                time.Advance(tick);
                advanced += tick;
            }

            await Task.Delay(15);
        }
    }

    [Fact]
    public async Task Workflow_blocking_run_answers_json_without_pings()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var client = Http.Client(emulator, "app-workflow");

        var run = await Http.PostJsonAsync(client, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "x" }));

        Assert.Equal("succeeded", run["data"]!["status"]!.GetValue<string>());
        Assert.Equal(0, emulator.Stats.PingsSent);
    }
}
