using Dify.HA.Client;

namespace Dify.HA.Client.Tests.Api;

public sealed class CompletionRoundTripTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Blocking_completion_returns_the_text()
    {
        var response = await fx.Completion.Completion.SendAsync(new CompletionMessageRequest
        {
            Inputs = new Dictionary<string, object?> { ["query"] = "Translate hello", ["count"] = 3, ["formal"] = true },
            User = TestUsers.New(),
        });

        Assert.Equal("completion", response.Mode);
        Assert.False(string.IsNullOrEmpty(response.Answer));
        Assert.True(Guid.TryParse(response.MessageId, out _));
        Assert.NotNull(response.Metadata?.Usage);
    }

    [Fact]
    public async Task Streamed_completion_collects_to_the_same_shape()
    {
        var result = await fx.Completion.Completion.StreamAsync(new CompletionMessageRequest
        {
            Inputs = new Dictionary<string, object?> { ["query"] = "Write a haiku" },
            User = TestUsers.New(),
        }).CollectAnswerAsync();

        Assert.True(result.Completed);
        Assert.False(string.IsNullOrEmpty(result.Answer));
        Assert.Null(result.ConversationId);
    }

    [Fact]
    public async Task Stop_really_stops_a_completion_stream()
    {
        var user = TestUsers.New();
        var stopped = fx.Emulator.Stats.GenerationsStopped;
        var messages = 0;
        string? taskId = null;
        await foreach (var e in fx.Completion.Completion.StreamAsync(new CompletionMessageRequest { Query = EmulatorFixture.LongQuery, Inputs = new Dictionary<string, object?> { ["query"] = EmulatorFixture.LongQuery }, User = user }))
        {
            if (e is MessageEvent) messages++;
            if (taskId is null && e is MessageEvent)
            {
                taskId = e.TaskId;
                await fx.Completion.Completion.StopAsync(taskId!, user);
            }
        }

        Assert.NotNull(taskId);
        Assert.True(messages < EmulatorFixture.LongAnswerTokens / 2, $"{messages} tokens came after the stop");
        Assert.True(fx.Emulator.Stats.GenerationsStopped > stopped);
    }
}
