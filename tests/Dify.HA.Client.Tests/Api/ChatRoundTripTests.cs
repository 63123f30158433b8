using Dify.HA.Client;

namespace Dify.HA.Client.Tests.Api;

public sealed class ChatRoundTripTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Blocking_chat_returns_answer_ids_and_usage()
    {
        var user = TestUsers.New();
        var response = await fx.Chat.Chat.SendAsync(new ChatMessageRequest { Query = "Hello there", User = user });

        Assert.Equal("message", response.Event);
        Assert.False(string.IsNullOrEmpty(response.Answer));
        Assert.True(Guid.TryParse(response.MessageId, out _));
        Assert.True(Guid.TryParse(response.ConversationId, out _));
        Assert.True(Guid.TryParse(response.TaskId, out _));
        Assert.Equal("chat", response.Mode);
        Assert.NotNull(response.Metadata?.Usage?.TotalTokens);
        Assert.True(response.CreatedAt > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Second_message_continues_the_conversation()
    {
        var user = TestUsers.New();
        var first = await fx.Chat.Chat.SendAsync(new ChatMessageRequest { Query = "First", User = user });
        var second = await fx.Chat.Chat.SendAsync(new ChatMessageRequest { Query = "Second", User = user, ConversationId = first.ConversationId });

        Assert.Equal(first.ConversationId, second.ConversationId);
        var page = await fx.Chat.Messages.ListAsync(first.ConversationId!, user);
        Assert.Equal(["First", "Second"], page.Data.Select(m => m.Query));
    }

    [Fact]
    public async Task Streamed_chat_yields_messages_then_message_end_and_collects_the_answer()
    {
        var user = TestUsers.New();
        var events = new List<DifyStreamEvent>();
        await foreach (var e in fx.Chat.Chat.StreamAsync(new ChatMessageRequest { Query = "Tell me a story", User = user }))
            events.Add(e);

        Assert.Contains(events, e => e is MessageEvent);
        Assert.IsType<MessageEndEvent>(events[^1]);
        Assert.All(events, e => Assert.NotNull(e.TaskId));

        var collected = await fx.Chat.Chat.StreamAsync(new ChatMessageRequest { Query = "Tell me a story", User = user }).CollectAnswerAsync();
        Assert.True(collected.Completed);
        Assert.False(string.IsNullOrEmpty(collected.Answer));
        Assert.NotNull(collected.Usage);
    }

    [Fact]
    public async Task Agent_app_streams_its_answer()
    {
        var result = await fx.Agent.Chat.StreamAsync(new ChatMessageRequest { Query = "Use a tool", User = TestUsers.New() }).CollectAnswerAsync();

        Assert.True(result.Completed);
        Assert.False(string.IsNullOrEmpty(result.Answer));
    }

    [Fact]
    public async Task Stop_really_stops_a_running_stream()
    {
        var user = TestUsers.New();
        var stopped = fx.Emulator.Stats.GenerationsStopped;
        var request = new ChatMessageRequest { Query = EmulatorFixture.LongQuery, User = user };
        var messages = 0;
        string? taskId = null;
        await foreach (var e in fx.Chat.Chat.StreamAsync(request))
        {
            if (e is MessageEvent) messages++;
            if (taskId is null && e is MessageEvent)
            {
                taskId = e.TaskId;
                await fx.Chat.Chat.StopAsync(taskId!, user);
            }
        }

        Assert.NotNull(taskId);
        Assert.True(messages < EmulatorFixture.LongAnswerTokens / 2, $"the stream should end soon after the stop, but {messages} tokens came");
        Assert.True(fx.Emulator.Stats.GenerationsStopped > stopped, "the emulator should have counted a stopped generation");
        var history = await fx.Chat.Messages.ListAsync((await fx.Chat.Conversations.ListAsync(user)).Data[0].Id!, user);
        Assert.Single(history.Data);
    }

    [Fact]
    public async Task Suggested_questions_follow_an_answer()
    {
        var user = TestUsers.New();
        var response = await fx.Chat.Chat.SendAsync(new ChatMessageRequest { Query = "What can you do?", User = user });

        var questions = await fx.Chat.Chat.GetSuggestedQuestionsAsync(response.MessageId!, user);

        Assert.NotEmpty(questions);
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace(q)));
    }

    [Fact]
    public async Task Chatflow_streams_message_and_workflow_events()
    {
        var events = new List<DifyStreamEvent>();
        await foreach (var e in fx.Chatflow.Chat.StreamAsync(new ChatMessageRequest { Query = "Hi flow", User = TestUsers.New() }))
            events.Add(e);

        Assert.Contains(events, e => e is WorkflowStartedEvent);
        Assert.Contains(events, e => e is MessageEndEvent);
        Assert.Contains(events, e => e is WorkflowFinishedEvent);
        Assert.All(events, e => Assert.NotNull(e.ConversationId ?? e.WorkflowRunId));
    }
}
