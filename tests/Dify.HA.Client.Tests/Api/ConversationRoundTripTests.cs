using System.Text.Json;
using Dify.HA.Client;

namespace Dify.HA.Client.Tests.Api;

public sealed class ConversationRoundTripTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private async Task<string> ConversationWith(IDifyClient client, string user, int messages)
    {
        string? conversationId = null;
        for (var i = 0; i < messages; i++)
        {
            var r = await client.Chat.SendAsync(new ChatMessageRequest { Query = $"message {i}", User = user, ConversationId = conversationId });
            conversationId = r.ConversationId;
        }
        return conversationId!;
    }

    [Fact]
    public async Task Messages_page_back_from_the_latest_page_and_walk_back_newest_first()
    {
        var user = TestUsers.New();
        var conversationId = await ConversationWith(fx.Chat, user, 5);

        var latest = await fx.Chat.Messages.ListAsync(conversationId, user, limit: 2);
        Assert.Equal(["message 3", "message 4"], latest.Data.Select(m => m.Query));
        Assert.True(latest.HasMore);

        var older = await fx.Chat.Messages.ListAsync(conversationId, user, firstId: latest.Data[0].Id, limit: 2);
        Assert.Equal(["message 1", "message 2"], older.Data.Select(m => m.Query));

        var walked = new List<string?>();
        await foreach (var m in fx.Chat.Messages.WalkBackAsync(conversationId, user, pageSize: 2)) walked.Add(m.Query);
        Assert.Equal(["message 4", "message 3", "message 2", "message 1", "message 0"], walked);
    }

    [Fact]
    public async Task Conversations_list_pages_and_list_all_walks_every_page()
    {
        var user = TestUsers.New();
        for (var i = 0; i < 3; i++) await ConversationWith(fx.Chat, user, 1);

        var first = await fx.Chat.Conversations.ListAsync(user, limit: 2);
        Assert.Equal(2, first.Data.Count);
        Assert.True(first.HasMore);

        var all = new List<DifyConversation>();
        await foreach (var c in fx.Chat.Conversations.ListAllAsync(user, pageSize: 2)) all.Add(c);
        Assert.Equal(3, all.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public async Task Rename_generate_name_and_delete_a_conversation()
    {
        var user = TestUsers.New();
        var conversationId = await ConversationWith(fx.Chat, user, 1);

        var renamed = await fx.Chat.Conversations.RenameAsync(conversationId, "Quarterly report", user);
        Assert.Equal("Quarterly report", renamed.Name);

        var generated = await fx.Chat.Conversations.GenerateNameAsync(conversationId, user);
        Assert.False(string.IsNullOrWhiteSpace(generated.Name));

        await fx.Chat.Conversations.DeleteAsync(conversationId, user);
        var ex = await Assert.ThrowsAsync<DifyApiException>(() => fx.Chat.Messages.ListAsync(conversationId, user));
        Assert.Equal(404, ex.StatusCode);
    }

    [Fact]
    public async Task Chatflow_conversation_variables_list_and_update()
    {
        var user = TestUsers.New();
        var conversationId = await ConversationWith(fx.Chatflow, user, 1);

        var variables = await fx.Chatflow.Conversations.ListVariablesAsync(conversationId, user);
        var preference = variables.Data.Single(v => v.Name == "user_preference");
        Assert.Equal("string", preference.ValueType);

        var updated = await fx.Chatflow.Conversations.UpdateVariableAsync(conversationId, preference.Id!, "light_mode", user);
        Assert.Equal("light_mode", updated.Value?.GetString());

        var filtered = await fx.Chatflow.Conversations.ListVariablesAsync(conversationId, user, variableName: "turns");
        var turns = Assert.Single(filtered.Data);
        var number = await fx.Chatflow.Conversations.UpdateVariableAsync(conversationId, turns.Id!, 7, user);
        // Dify sends values as strings (JSON text for complex types); JsonElement.ToString gives the text either way.
        Assert.Equal("7", number.Value?.ToString());
    }

    [Fact]
    public async Task Feedback_is_listed_in_app_feedbacks_and_can_be_revoked()
    {
        var user = TestUsers.New();
        var response = await fx.Chat.Chat.SendAsync(new ChatMessageRequest { Query = "Rate me", User = user });

        await fx.Chat.Feedbacks.SubmitAsync(response.MessageId!, DifyFeedbackRating.Like, user, "helpful");
        var feedbacks = await fx.Chat.Feedbacks.ListAsync(limit: 100);
        var mine = Assert.Single(feedbacks, f => f.MessageId == response.MessageId);
        Assert.Equal("like", mine.Rating);
        Assert.Equal("helpful", mine.Content);

        var page = await fx.Chat.Messages.ListAsync(response.ConversationId!, user);
        Assert.Equal("like", page.Data[^1].Feedback?.Rating);

        await fx.Chat.Feedbacks.SubmitAsync(response.MessageId!, null, user);
        var after = await fx.Chat.Feedbacks.ListAsync(limit: 100);
        Assert.DoesNotContain(after, f => f.MessageId == response.MessageId);
    }
}
