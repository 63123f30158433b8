using System.Text.Json;
using Dify.HA.Client.Tests.Api;
using Microsoft.Extensions.AI;

namespace Dify.HA.Client.Tests.AI;

public sealed class DifyChatClientTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private const string ChatPost = "POST /chat-messages";

    private static ChatOptions As(string user, string? conversationId = null)
        => new() { ConversationId = conversationId, AdditionalProperties = new() { [DifyChatClient.UserPropertyName] = user } };

    [Fact]
    public async Task Blocking_response_carries_the_emulators_answer_ids_and_usage()
    {
        var user = TestUsers.New();
        using var chat = fx.Chat.AsChatClient();

        var response = await chat.GetResponseAsync("Hello there", As(user));

        var raw = Assert.IsType<ChatMessageResponse>(response.RawRepresentation);
        var direct = await fx.Chat.Chat.SendAsync(new ChatMessageRequest { Query = "Hello there", User = TestUsers.New() });
        Assert.Equal(direct.Answer, response.Text);
        Assert.Equal(raw.MessageId, response.ResponseId);
        Assert.Equal(raw.MessageId, response.Messages.Single().MessageId);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.True(Guid.TryParse(response.ConversationId, out _));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.CreatedAt);
        var usage = raw.Metadata!.Usage!;
        Assert.Equal(usage.PromptTokens, response.Usage!.InputTokenCount);
        Assert.Equal(usage.CompletionTokens, response.Usage.OutputTokenCount);
        Assert.Equal(usage.TotalTokens, response.Usage.TotalTokenCount);
        Assert.True(response.Usage.TotalTokenCount > 0);
        Assert.Same(usage, response.AdditionalProperties![DifyChatClient.UsagePropertyName]);
        Assert.Equal(raw.TaskId, response.AdditionalProperties[DifyChatClient.TaskIdPropertyName]);
    }

    [Fact]
    public async Task Streaming_updates_join_to_the_streamed_answer_and_end_with_usage_and_finish_reason()
    {
        var user = TestUsers.New();
        using var chat = fx.Chat.AsChatClient();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in chat.GetStreamingResponseAsync("Tell me a story", As(user))) updates.Add(u);

        var direct = await fx.Chat.Chat.StreamAsync(new ChatMessageRequest { Query = "Tell me a story", User = TestUsers.New() }).CollectAnswerAsync();
        Assert.Equal(direct.Answer, string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count > 2);
        Assert.All(updates, u =>
        {
            Assert.Equal(ChatRole.Assistant, u.Role);
            Assert.True(Guid.TryParse(u.MessageId, out _));
            Assert.Equal(u.MessageId, u.ResponseId);
            Assert.True(Guid.TryParse(u.ConversationId, out _));
            Assert.NotNull(u.CreatedAt);
        });
        Assert.Single(updates.Select(u => u.ConversationId).Distinct());
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        var end = Assert.IsType<MessageEndEvent>(last.RawRepresentation);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.Equal(end.Metadata!.Usage!.PromptTokens, usage.InputTokenCount);
        Assert.Equal(end.Metadata.Usage.CompletionTokens, usage.OutputTokenCount);
        Assert.Equal(end.Metadata.Usage.TotalTokens, usage.TotalTokenCount);

        var response = updates.ToChatResponse();
        Assert.Equal(direct.Answer, response.Text);
        Assert.Equal(end.Metadata.Usage.TotalTokens, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Conversation_id_round_trips_and_the_second_call_continues_the_emulators_conversation()
    {
        var user = TestUsers.New();
        using var chat = fx.Chat.AsChatClient();
        List<ChatMessage> history = [new(ChatRole.User, "First")];

        var first = await chat.GetResponseAsync(history, As(user));
        history.AddMessages(first);
        history.Add(new ChatMessage(ChatRole.User, "Second"));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in chat.GetStreamingResponseAsync(history, As(user, first.ConversationId))) updates.Add(u);

        Assert.NotNull(first.ConversationId);
        Assert.All(updates, u => Assert.Equal(first.ConversationId, u.ConversationId));
        var page = await fx.Chat.Messages.ListAsync(first.ConversationId!, user);
        // Only the last user message was sent: Dify holds the history.
        Assert.Equal(["First", "Second"], page.Data.Select(m => m.Query));
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_the_generation_in_dify()
    {
        var user = TestUsers.New();
        using var chat = fx.Chat.AsChatClient();
        var stoppedBefore = fx.Emulator.Stats.GenerationsStopped;
        var stopsBefore = fx.Emulator.Stats.RequestsByOperation.Where(p => p.Key.EndsWith("/stop", StringComparison.Ordinal)).Sum(p => p.Value);
        using var cts = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in chat.GetStreamingResponseAsync(EmulatorFixture.LongQuery, As(user), cts.Token))
            {
                if (++received == 1) await cts.CancelAsync();
            }
        });

        await WaitUntilAsync(() => fx.Emulator.Stats.GenerationsStopped > stoppedBefore);
        Assert.True(fx.Emulator.Stats.RequestsByOperation.Where(p => p.Key.EndsWith("/stop", StringComparison.Ordinal)).Sum(p => p.Value) > stopsBefore);
        // The stopped message is persisted with the partial answer, far shorter than the scripted one.
        var conversations = await fx.Chat.Conversations.ListAsync(user);
        var messages = await fx.Chat.Messages.ListAsync(conversations.Data.Single().Id!, user);
        Assert.True(messages.Data.Single().Answer!.Length < EmulatorFixture.LongAnswerTokens * 4);
    }

    [Fact]
    public async Task Leaving_the_stream_early_stops_the_generation_and_stop_can_be_turned_off()
    {
        var user = TestUsers.New();
        var stoppedBefore = fx.Emulator.Stats.GenerationsStopped;
        using (var chat = fx.Chat.AsChatClient())
        {
            await foreach (var _ in chat.GetStreamingResponseAsync(EmulatorFixture.LongQuery, As(user))) break;
        }
        await WaitUntilAsync(() => fx.Emulator.Stats.GenerationsStopped > stoppedBefore);

        var stopPaths = fx.Emulator.Stats.RequestsByOperation.Where(p => p.Key.EndsWith("/stop", StringComparison.Ordinal)).Sum(p => p.Value);
        using (var noStop = fx.Chat.AsChatClient(new DifyChatClientOptions { StopOnCancellation = false }))
        {
            await foreach (var _ in noStop.GetStreamingResponseAsync(EmulatorFixture.LongQuery, As(user))) break;
        }
        Assert.Equal(stopPaths, fx.Emulator.Stats.RequestsByOperation.Where(p => p.Key.EndsWith("/stop", StringComparison.Ordinal)).Sum(p => p.Value));
    }

    [Fact]
    public async Task Bad_input_is_rejected_naming_the_field_before_anything_is_sent()
    {
        using var chat = fx.Chat.AsChatClient();
        var sent = fx.Emulator.Stats.RequestsFor(ChatPost);
        var options = As(TestUsers.New());

        var none = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync([], options));
        var onlyAssistant = Assert.Throws<ArgumentException>(() => chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.Assistant, "hi")], options));
        var blank = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync("   ", options));
        var history = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync(
            [new(ChatRole.User, "a"), new(ChatRole.Assistant, "b"), new(ChatRole.User, "c")], options));
        var system = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync(
            [new(ChatRole.System, "Be terse."), new(ChatRole.User, "c")], options));
        var instructions = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync("c", new ChatOptions { Instructions = "Be terse." }));
        var badUser = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync("c",
            new ChatOptions { AdditionalProperties = new() { [DifyChatClient.UserPropertyName] = 42 } }));
        var badInputs = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync("c",
            new ChatOptions { AdditionalProperties = new() { [DifyChatClient.InputsPropertyName] = "x=1" } }));
        await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new(ChatRole.User, [new TextContent("see"), new UriContent(new Uri("ftp://files.test/a.png"), "image/png")])], options));

        Assert.All(new[] { none, onlyAssistant, blank, history, system }, e => Assert.Equal("messages", e.ParamName));
        Assert.Equal("options.Instructions", instructions.ParamName);
        Assert.Equal("options", badUser.ParamName);
        Assert.Contains(DifyChatClient.UserPropertyName, badUser.Message, StringComparison.Ordinal);
        Assert.Contains(DifyChatClient.InputsPropertyName, badInputs.Message, StringComparison.Ordinal);
        Assert.Contains("ConversationId", history.Message, StringComparison.Ordinal);
        Assert.Equal(sent, fx.Emulator.Stats.RequestsFor(ChatPost));
        Assert.Throws<ArgumentException>(() => fx.Chat.AsChatClient(new DifyChatClientOptions { StopTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Inputs_and_system_prompt_input_reach_dify_and_history_can_be_folded_into_the_query()
    {
        var user = TestUsers.New();
        using var chat = fx.Chat.AsChatClient(new DifyChatClientOptions { SystemPromptInput = "instructions", FoldHistoryIntoQuery = true, DefaultUser = user });
        var options = new ChatOptions
        {
            AdditionalProperties = new() { [DifyChatClient.InputsPropertyName] = new Dictionary<string, object?> { ["topic"] = "tides" } },
        };

        var response = await chat.GetResponseAsync(
            [new(ChatRole.System, "Be terse."), new(ChatRole.User, "What moves the sea?"), new(ChatRole.Assistant, "The moon."), new(ChatRole.User, "How?")],
            options);

        var message = (await fx.Chat.Messages.ListAsync(response.ConversationId!, user)).Data.Single();
        Assert.Equal("Be terse.", message.Inputs!["instructions"].GetString());
        Assert.Equal("tides", message.Inputs["topic"].GetString());
        Assert.Equal("Earlier in this conversation:\nuser: What moves the sea?\nassistant: The moon.\n\nHow?", message.Query);
    }

    [Fact]
    public async Task Image_bytes_are_uploaded_and_attached_and_urls_are_passed_as_remote_files()
    {
        var user = TestUsers.New();
        using var chat = fx.Chat.AsChatClient();
        var uploads = fx.Emulator.Stats.RequestsFor("POST /files/upload");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

        var response = await chat.GetResponseAsync(
            [new(ChatRole.User, [new TextContent("What is this?"), new DataContent(png, "image/png") { Name = "dot.png" },
                new UriContent(new Uri("https://files.test/cat.jpg"), "image/jpeg")])],
            As(user));

        Assert.Equal(uploads + 1, fx.Emulator.Stats.RequestsFor("POST /files/upload"));
        Assert.False(string.IsNullOrEmpty(response.Text));
        var message = (await fx.Chat.Messages.ListAsync(response.ConversationId!, user)).Data.Single();
        // The emulator keeps uploaded files on the message (remote URLs are accepted, not stored).
        Assert.Single(message.MessageFiles!);
    }

    [Fact]
    public async Task Agent_app_answers_through_a_collected_stream_with_agent_steps_kept_raw()
    {
        var user = TestUsers.New();
        using var chat = fx.Agent.AsChatClient(new DifyChatClientOptions { UseStreamingForResponses = true });

        var response = await chat.GetResponseAsync("Use a tool", As(user));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in chat.GetStreamingResponseAsync("Use a tool", As(user))) updates.Add(u);

        var direct = await fx.Agent.Chat.StreamAsync(new ChatMessageRequest { Query = "Use a tool", User = user }).CollectAnswerAsync();
        Assert.Equal(direct.Answer, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage!.TotalTokenCount > 0);
        var thoughts = updates.Where(u => u.AdditionalProperties?.ContainsKey(DifyChatClient.AgentThoughtPropertyName) == true).ToList();
        Assert.NotEmpty(thoughts);
        Assert.All(thoughts, t => Assert.Empty(t.Contents));
        Assert.IsType<AgentThoughtEvent>(thoughts[0].AdditionalProperties![DifyChatClient.AgentThoughtPropertyName]);
        Assert.Equal(direct.Answer, string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Mid_stream_error_event_raises_a_typed_exception()
    {
        using var chat = fx.Chat.AsChatClient();

        var error = await Assert.ThrowsAsync<DifyApiException>(async () =>
        {
            await foreach (var _ in chat.GetStreamingResponseAsync("[emulator:error] explode", As(TestUsers.New())))
            {
            }
        });

        Assert.True(error.IsMidStream);
        Assert.Equal("internal_server_error", error.Code);
    }

    [Fact]
    public void GetService_returns_metadata_the_dify_client_and_itself()
    {
        using var chat = fx.Chat.AsChatClient(new DifyChatClientOptions { ModelId = "support-bot", ProviderUri = fx.Emulator.BaseUrl });

        var metadata = chat.GetService<ChatClientMetadata>();

        Assert.Equal("dify", metadata!.ProviderName);
        Assert.Equal(fx.Emulator.BaseUrl, metadata.ProviderUri);
        Assert.Equal("support-bot", metadata.DefaultModelId);
        Assert.Same(fx.Chat, chat.GetService<IDifyClient>());
        Assert.Same(chat, chat.GetService<DifyChatClient>());
        Assert.Null(chat.GetService<IDifyClient>("some-key"));
        Assert.Null(chat.GetService<JsonDocument>());
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(10);
        }
    }
}
