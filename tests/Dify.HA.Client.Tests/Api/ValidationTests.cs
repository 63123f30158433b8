using Dify.HA.Client;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Api;

/// <summary>Bad input is rejected with an ArgumentException naming the parameter and the fix, and nothing is sent.</summary>
public sealed class ValidationTests : IDisposable
{
    private const string Uuid = "9da23599-e713-473b-982c-4328d4f5c78a";

    private readonly FailIfCalledHandler _handler = new();
    private readonly ServiceProvider _services;
    private readonly IDifyClient _client;

    public ValidationTests()
    {
        var services = new ServiceCollection();
        services.AddDifyClient("strict", o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            o.ApiKey = "app-secret-key-123";
            o.MaxUploadBytes = 1024;
        }).ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => _handler));
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<IDifyClientFactory>().CreateClient("strict");
    }

    public void Dispose() => _services.Dispose();

    private async Task<T> Rejected<T>(Func<Task> call, string paramName) where T : ArgumentException
    {
        var ex = await Assert.ThrowsAnyAsync<T>(call);
        Assert.Equal(paramName, ex.ParamName);
        Assert.DoesNotContain("app-secret-key-123", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _handler.Calls);
        return ex;
    }

    [Fact]
    public async Task Missing_user_without_default_user_is_rejected_with_the_fix()
    {
        var ex = await Rejected<ArgumentNullException>(() => _client.Chat.SendAsync(new ChatMessageRequest { Query = "hi" }), "request.User");
        Assert.Contains("DefaultUser", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_query_is_rejected(string query)
        => await Rejected<ArgumentException>(() => _client.Chat.SendAsync(new ChatMessageRequest { Query = query, User = "u" }), "request.Query");

    [Fact]
    public async Task Empty_query_is_rejected_for_streams_before_enumeration()
    {
        var ex = Assert.Throws<ArgumentException>(() => _client.Chat.StreamAsync(new ChatMessageRequest { Query = "", User = "u" }));
        Assert.Equal("request.Query", ex.ParamName);
        await Task.Yield();
        Assert.Equal(0, _handler.Calls);
    }

    [Fact]
    public async Task Malformed_conversation_id_is_rejected()
    {
        var ex = await Rejected<ArgumentException>(() => _client.Chat.SendAsync(new ChatMessageRequest { Query = "hi", User = "u", ConversationId = "not-a-uuid" }), "request.ConversationId");
        Assert.Contains("UUID", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("123")]
    [InlineData("")]
    public async Task Malformed_ids_are_rejected_everywhere(string bad)
    {
        await Rejected<ArgumentException>(() => _client.Chat.StopAsync(bad, "u"), "taskId");
        await Rejected<ArgumentException>(() => _client.Completion.StopAsync(bad, "u"), "taskId");
        await Rejected<ArgumentException>(() => _client.Workflows.StopAsync(bad, "u"), "taskId");
        await Rejected<ArgumentException>(() => _client.Chat.GetSuggestedQuestionsAsync(bad, "u"), "messageId");
        await Rejected<ArgumentException>(() => _client.Workflows.GetRunAsync(bad), "workflowRunId");
        await Rejected<ArgumentException>(() => _client.Workflows.RunByIdAsync(bad, new WorkflowRunRequest { User = "u" }), "workflowId");
        await Rejected<ArgumentException>(() => _client.Files.PreviewAsync(bad), "fileId");
        await Rejected<ArgumentException>(() => _client.Messages.ListAsync(bad, "u"), "conversationId");
        await Rejected<ArgumentException>(() => _client.Messages.ListAsync(Uuid, "u", firstId: bad), "firstId");
        await Rejected<ArgumentException>(() => _client.Feedbacks.SubmitAsync(bad, DifyFeedbackRating.Like, "u"), "messageId");
        await Rejected<ArgumentException>(() => _client.Conversations.RenameAsync(bad, "n", "u"), "conversationId");
        await Rejected<ArgumentException>(() => _client.Conversations.DeleteAsync(bad, "u"), "conversationId");
        await Rejected<ArgumentException>(() => _client.Conversations.ListAsync("u", lastId: bad), "lastId");
        await Rejected<ArgumentException>(() => _client.Conversations.ListVariablesAsync(bad, "u"), "conversationId");
        await Rejected<ArgumentException>(() => _client.Conversations.UpdateVariableAsync(Uuid, bad, "v", "u"), "variableId");
        await Rejected<ArgumentException>(() => _client.EndUsers.GetAsync(bad), "endUserId");
        await Rejected<ArgumentException>(() => _client.Annotations.UpdateAsync(bad, "q", "a"), "annotationId");
        await Rejected<ArgumentException>(() => _client.Annotations.DeleteAsync(bad), "annotationId");
        await Rejected<ArgumentException>(() => _client.Annotations.GetReplyJobStatusAsync(DifyAnnotationReplyAction.Enable, bad), "jobId");
        await Rejected<ArgumentException>(() => _client.Audio.TextToAudioAsync(new TextToAudioRequest { MessageId = bad, Text = "t" }), "request.MessageId");
        Assert.Throws<ArgumentException>(() => _client.Workflows.ResumeStreamAsync(bad, "u"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public async Task Paging_limit_out_of_1_to_100_is_rejected(int badLimit)
    {
        var ex = await Rejected<ArgumentOutOfRangeException>(() => _client.Conversations.ListAsync("u", limit: badLimit), "limit");
        Assert.Contains("between 1 and 100", ex.Message, StringComparison.Ordinal);
        await Rejected<ArgumentOutOfRangeException>(() => _client.Messages.ListAsync(Uuid, "u", limit: badLimit), "limit");
        await Rejected<ArgumentOutOfRangeException>(() => _client.Annotations.ListAsync(limit: badLimit), "limit");
        await Rejected<ArgumentOutOfRangeException>(() => _client.Feedbacks.ListAsync(limit: badLimit), "limit");
        await Rejected<ArgumentOutOfRangeException>(() => _client.Workflows.GetLogsAsync(new WorkflowLogQuery { Limit = badLimit }), "query.Limit");
        Assert.Throws<ArgumentOutOfRangeException>(() => _client.Messages.WalkBackAsync(Uuid, "u", pageSize: badLimit));
    }

    [Fact]
    public async Task Page_zero_is_rejected()
        => await Rejected<ArgumentOutOfRangeException>(() => _client.Annotations.ListAsync(page: 0), "page");

    [Fact]
    public async Task File_larger_than_the_configured_maximum_is_rejected_before_sending()
    {
        var ex = await Rejected<ArgumentException>(() => _client.Files.UploadAsync(new MemoryStream(new byte[2048]), "big.png", user: "u"), "content");
        Assert.Contains("MaxUploadBytes", ex.Message, StringComparison.Ordinal);
        await Rejected<ArgumentException>(() => _client.Audio.AudioToTextAsync(new MemoryStream(new byte[2048]), "big.mp3", user: "u"), "audio");
    }

    [Theory]
    [InlineData("dir/file.png")]
    [InlineData("")]
    public async Task Bad_file_names_are_rejected(string badName)
        => await Rejected<ArgumentException>(() => _client.Files.UploadAsync(new MemoryStream([1]), badName, user: "u"), "fileName");

    [Fact]
    public async Task Audio_without_an_audio_extension_or_type_is_rejected()
        => await Rejected<ArgumentException>(() => _client.Audio.AudioToTextAsync(new MemoryStream([1]), "voice.txt", user: "u"), "fileName");

    [Fact]
    public async Task Local_file_without_upload_id_is_rejected()
        => await Rejected<ArgumentException>(() => _client.Chat.SendAsync(new ChatMessageRequest
        {
            Query = "hi",
            User = "u",
            Files = [new DifyInputFile { Type = DifyFileType.Image, TransferMethod = DifyFileTransferMethod.LocalFile }],
        }), "request.Files");

    [Fact]
    public async Task Unserializable_input_value_is_rejected_before_sending()
        => await Rejected<ArgumentException>(() => _client.Workflows.RunAsync(new WorkflowRunRequest
        {
            User = "u",
            Inputs = new Dictionary<string, object?> { ["when"] = new Version(1, 2) },
        }), "request");

    [Fact]
    public async Task Text_to_audio_without_message_or_text_is_rejected()
        => await Rejected<ArgumentException>(() => _client.Audio.TextToAudioAsync(new TextToAudioRequest { User = "u" }), "request.Text");

    [Fact]
    public async Task Blank_or_over_long_user_is_rejected()
    {
        await Rejected<ArgumentException>(() => _client.Conversations.ListAsync(" "), "user");
        await Rejected<ArgumentException>(() => _client.Conversations.ListAsync(new string('u', 256)), "user");
    }

    [Fact]
    public async Task Human_input_token_with_path_characters_is_rejected()
    {
        await Rejected<ArgumentException>(() => _client.HumanInput.GetFormAsync("abc/../def"), "formToken");
        await Rejected<ArgumentException>(() => _client.HumanInput.SubmitAsync("token", " ", user: "u"), "action");
    }

    [Fact]
    public async Task Annotation_reply_threshold_outside_0_to_1_is_rejected()
        => await Rejected<ArgumentOutOfRangeException>(() => _client.Annotations.EnableReplyAsync(new AnnotationReplySettings
        {
            EmbeddingProviderName = "openai",
            EmbeddingModelName = "m",
            ScoreThreshold = 1.5,
        }), "settings.ScoreThreshold");

    [Fact]
    public async Task Emulator_receives_nothing_when_input_is_bad()
    {
        await using var emu = await DifyEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = emu.BaseUrl; o.ApiKey = "app-chat"; });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IDifyClient>();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Chat.SendAsync(new ChatMessageRequest { Query = "hi" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Chat.StopAsync("nope", "u"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Files.UploadAsync(new MemoryStream(new byte[16 * 1024 * 1024]), "big.bin", user: "u"));

        Assert.Equal(0, emu.Stats.Requests);
        var info = await client.App.GetInfoAsync();
        Assert.Equal("chat", info.Mode);
        Assert.Equal(1, emu.Stats.Requests);
    }
}
