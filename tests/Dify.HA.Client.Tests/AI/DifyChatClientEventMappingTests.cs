using Microsoft.Extensions.AI;

namespace Dify.HA.Client.Tests.AI;

public sealed class DifyChatClientEventMappingTests
{
    private static T Ids<T>(T e) where T : DifyStreamEvent => e with { TaskId = "task-1", MessageId = "msg-1", ConversationId = "conv-1", CreatedAt = DateTimeOffset.UnixEpoch.AddDays(1) };

    private static async IAsyncEnumerable<DifyStreamEvent> Moderated()
    {
        yield return Ids(new ReasoningChunkEvent { Data = new DifyReasoningChunkData { Reasoning = "thinking" } });
        yield return Ids(new MessageEvent { Answer = "something " });
        yield return Ids(new MessageEvent { Answer = "bad" });
        yield return Ids(new MessageReplaceEvent { Answer = "[removed by moderation]" });
        yield return Ids(new MessageFileEvent { Url = "https://files.test/chart.png", Type = "image" });
        yield return Ids(new MessageEndEvent
        {
            Metadata = new DifyMessageMetadata { Usage = new DifyUsage { PromptTokens = 3, CompletionTokens = 4, TotalTokens = 7, TotalPrice = 0.001m } },
            Files = [new DifyMessageFile { Url = "https://files.test/report.pdf", MimeType = "application/pdf", Type = "document" }],
        });
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<DifyStreamEvent> CutAfterFirstChunk()
    {
        yield return Ids(new MessageEvent { Answer = "partial" });
        await Task.Yield();
        throw new DifyStreamTruncatedException("The stream ended without its terminal event.");
    }

    private static async IAsyncEnumerable<DifyStreamEvent> ErrorAfterFirstChunk()
    {
        yield return Ids(new MessageEvent { Answer = "partial" });
        await Task.Yield();
        throw new DifyApiException("boom", 500, "internal_server_error", DifyFailureClass.Permanent) { IsMidStream = true };
    }

    [Fact]
    public async Task Replaced_answer_reasoning_files_and_usage_are_mapped()
    {
        var client = new ScriptedDifyClient(Moderated);
        using var chat = client.AsChatClient(new DifyChatClientOptions { UseStreamingForResponses = true, DefaultUser = "u" });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in chat.GetStreamingResponseAsync("hi")) updates.Add(u);
        var response = await chat.GetResponseAsync("hi");

        Assert.Equal("[removed by moderation]", response.Text);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal(7, response.Usage!.TotalTokenCount);
        Assert.Equal("conv-1", response.ConversationId);
        Assert.Equal("msg-1", response.ResponseId);
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        Assert.Equal("thinking", Assert.Single(contents.OfType<TextReasoningContent>()).Text);
        var files = contents.OfType<UriContent>().ToList();
        Assert.Equal(["image/*", "application/pdf"], files.Select(f => f.MediaType));
        Assert.Equal(new Uri("https://files.test/chart.png"), files[0].Uri);
        Assert.Equal(0.001m, Assert.IsType<DifyUsage>(response.AdditionalProperties![DifyChatClient.UsagePropertyName]).TotalPrice);
        var replace = Assert.Single(updates, u => u.AdditionalProperties?.ContainsKey(DifyChatClient.ReplacePropertyName) == true);
        Assert.Equal("[removed by moderation]", replace.Text);
        Assert.Empty(client.Stops); // both streams reached message_end
    }

    [Fact]
    public async Task A_stream_failing_before_message_end_stops_the_task_but_a_mid_stream_error_does_not()
    {
        var cut = new ScriptedDifyClient(CutAfterFirstChunk);
        var failed = new ScriptedDifyClient(ErrorAfterFirstChunk);
        var options = new ChatOptions { AdditionalProperties = new() { [DifyChatClient.UserPropertyName] = "user-7" } };

        await Assert.ThrowsAsync<DifyStreamTruncatedException>(async () =>
        {
            await foreach (var _ in cut.AsChatClient().GetStreamingResponseAsync("hi", options))
            {
            }
        });
        var error = await Assert.ThrowsAsync<DifyApiException>(async () =>
        {
            await foreach (var _ in failed.AsChatClient().GetStreamingResponseAsync("hi", options))
            {
            }
        });

        Assert.Equal([("task-1", (string?)"user-7")], cut.Stops);
        Assert.True(error.IsMidStream);
        Assert.Empty(failed.Stops);
    }
}
