using static Dify.HA.Client.Tests.Streaming.StreamTestHelpers;

namespace Dify.HA.Client.Tests.Streaming;

public sealed class DifyStreamExtensionsTests
{
    private static async IAsyncEnumerable<DifyStreamEvent> Sequence(params DifyStreamEvent[] events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }

    [Fact]
    public async Task Collect_answer_honours_message_replace()
    {
        var result = await Sequence(
            new MessageEvent { Answer = "bad ", TaskId = "t", MessageId = "m", ConversationId = "c" },
            new MessageEvent { Answer = "words" },
            new MessageReplaceEvent { Answer = "[moderated]", Reason = "policy" },
            new MessageEvent { Answer = " then more" },
            new MessageEndEvent { Id = "m", Metadata = new DifyMessageMetadata { Usage = new DifyUsage { TotalTokens = 12 } } })
            .CollectAnswerAsync();

        Assert.Equal("[moderated] then more", result.Answer);
        Assert.True(result.WasReplaced);
        Assert.Equal(("t", "m", "c"), (result.TaskId, result.MessageId, result.ConversationId));
        Assert.Equal(12, result.Usage!.TotalTokens);
        Assert.True(result.Completed);
        Assert.Empty(result.RetrieverResources);
    }

    [Fact]
    public async Task Collect_answer_of_a_sequence_without_message_end_is_not_completed()
    {
        var result = await Sequence(new AgentMessageEvent { Answer = "half" }).CollectAnswerAsync();

        Assert.Equal("half", result.Answer);
        Assert.False(result.Completed);
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task Collect_answer_propagates_a_mid_stream_error()
    {
        var wire = "data: {\"event\":\"message\",\"answer\":\"a\"}\n\ndata: {\"event\":\"error\",\"status\":429,\"code\":\"too_many_requests\",\"message\":\"busy\"}\n\n";
        var ex = await Assert.ThrowsAsync<DifyApiException>(async () => await Events(wire).CollectAnswerAsync());
        Assert.Equal(DifyFailureClass.Transient, ex.Classification);
    }

    [Fact]
    public async Task Collect_workflow_honours_text_replace_and_reports_a_failed_run_as_a_result()
    {
        var result = await Sequence(
            new WorkflowStartedEvent { TaskId = "t", WorkflowRunId = "w" },
            new TextChunkEvent { Data = new DifyTextChunkData { Text = "draft" } },
            new TextReplaceEvent { Data = new DifyTextChunkData { Text = "final" } },
            new TextChunkEvent { Data = new DifyTextChunkData { Text = "!" } },
            new WorkflowFinishedEvent { Data = new DifyWorkflowRunData { Id = "w", Status = "failed", Error = "node x failed", TotalTokens = 5 } })
            .CollectWorkflowAsync();

        Assert.Equal("final!", result.Text);
        Assert.Equal("failed", result.Status);
        Assert.Equal("node x failed", result.Error);
        Assert.Equal(("t", "w"), (result.TaskId, result.WorkflowRunId));
        Assert.Equal(5, result.TotalTokens);
        Assert.True(result.Completed);
        Assert.False(result.Paused);
    }

    [Fact]
    public async Task Collect_workflow_of_a_sequence_without_terminal_event_is_not_completed()
    {
        var result = await Sequence(new NodeStartedEvent { WorkflowRunId = "w" }).CollectWorkflowAsync();

        Assert.False(result.Completed);
        Assert.Null(result.Status);
        Assert.Equal("w", result.WorkflowRunId);
    }
}
