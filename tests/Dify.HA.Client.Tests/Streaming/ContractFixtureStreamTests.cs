using System.Text.Json;
using static Dify.HA.Client.Tests.Streaming.StreamTestHelpers;

namespace Dify.HA.Client.Tests.Streaming;

/// <summary>Every stream fixture of the contract, parsed with its events' fields checked.</summary>
public sealed class ContractFixtureStreamTests
{
    private const string ChatMessageId = "5ad4cb98-f0c7-4085-b384-88c403be6290";
    private const string ChatConversationId = "45701982-8118-4bc5-8e9b-64562b4555f2";

    [Fact]
    public async Task Chat_stream_fixture_yields_message_deltas_then_message_end_with_usage_and_citations()
    {
        var events = await ReadAllAsync(Reframe(ReadFixture("chat_stream.sse")));

        Assert.Equal(9, events.Count);
        var messages = events.Take(6).Cast<MessageEvent>().ToList();
        Assert.Equal([" I", "'m", " glad", " to", " meet", " you"], messages.Select(m => m.Answer));
        Assert.All(messages, m =>
        {
            Assert.Equal("message", m.Event);
            Assert.Equal(ChatMessageId, m.MessageId);
            Assert.Equal(ChatConversationId, m.ConversationId);
            Assert.Equal(Unix(1679586595), m.CreatedAt);
            Assert.Null(m.TaskId);
        });

        var end = Assert.IsType<MessageEndEvent>(events[6]);
        Assert.Equal("5e52ce04-874b-4d27-9045-b3bc80def685", end.Id);
        var usage = end.Metadata!.Usage!;
        Assert.Equal(1033, usage.PromptTokens);
        Assert.Equal(0.001m, usage.PromptUnitPrice);
        Assert.Equal(0.001m, usage.PromptPriceUnit);
        Assert.Equal(0.0010330m, usage.PromptPrice);
        Assert.Equal(135, usage.CompletionTokens);
        Assert.Equal(0.002m, usage.CompletionUnitPrice);
        Assert.Equal(0.0002700m, usage.CompletionPrice);
        Assert.Equal(1168, usage.TotalTokens);
        Assert.Equal(0.0013030m, usage.TotalPrice);
        Assert.Equal("USD", usage.Currency);
        Assert.Equal(1.381760165997548, usage.Latency);
        var citation = Assert.Single(end.Metadata.RetrieverResources!);
        Assert.Equal(1, citation.Position);
        Assert.Equal("101b4c97-fc2e-463c-90b1-5261a4cdcafb", citation.DatasetId);
        Assert.Equal("iPhone", citation.DatasetName);
        Assert.Equal("iPhone List", citation.DocumentName);
        Assert.Equal("ed599c7f-2766-4294-9d1d-e5235a61270a", citation.SegmentId);
        Assert.Equal(0.98457545, citation.Score!.Value, 6);
        Assert.Contains("\n\"iPhone 13 Pro Max\"", citation.Content, StringComparison.Ordinal);

        var tts = Assert.IsType<TtsMessageEvent>(events[7]);
        Assert.Equal("3bf8a0bb-e73b-4690-9e66-4e429bad8ee7", tts.TaskId);
        Assert.Equal(Unix(1721205487), tts.CreatedAt);
        Assert.StartsWith("qqqq", tts.Audio, StringComparison.Ordinal);
        var ttsEnd = Assert.IsType<TtsMessageEndEvent>(events[8]);
        Assert.Equal(string.Empty, ttsEnd.Audio);
        Assert.Equal("a8bdc41c-13b2-4c18-bfd9-054b9803038c", ttsEnd.MessageId);
    }

    [Fact]
    public async Task Chat_stream_fixture_collects_into_the_answer_with_usage()
    {
        var result = await Events(Reframe(ReadFixture("chat_stream.sse"))).CollectAnswerAsync();

        Assert.Equal(" I'm glad to meet you", result.Answer);
        Assert.Equal(ChatConversationId, result.ConversationId);
        Assert.Equal(ChatMessageId, result.MessageId);
        Assert.Equal(1168, result.Usage!.TotalTokens);
        Assert.Single(result.RetrieverResources);
        Assert.True(result.Completed);
        Assert.False(result.WasReplaced);
    }

    [Fact]
    public async Task Completion_stream_fixture_is_read_as_framed_on_the_wire()
    {
        // One of the two fixtures framed exactly as the server frames it: no re-framing.
        var events = await ReadAllAsync(ReadFixture("completion_stream.dify-docs.sse"));

        Assert.Equal(3, events.Count);
        Assert.Equal(" I", Assert.IsType<MessageEvent>(events[0]).Answer);
        Assert.Equal("'m", Assert.IsType<MessageEvent>(events[1]).Answer);
        Assert.All(events, e => Assert.Equal("900bbd43-dc0b-4383-a372-aa6e6c414227", e.TaskId));
        var end = Assert.IsType<MessageEndEvent>(events[2]);
        Assert.Equal(ChatMessageId, end.MessageId);
        Assert.Null(end.ConversationId);
        Assert.Equal(0.0002700m, end.Metadata!.Usage!.CompletionPrice);
        Assert.Null(end.Metadata.RetrieverResources);
    }

    [Fact]
    public async Task Agent_stream_fixture_yields_thought_file_answer_and_end()
    {
        var events = await ReadAllAsync(Reframe(ReadFixture("agent_stream.dify-docs.txt")));

        Assert.Collection(
            events,
            e =>
            {
                var thought = Assert.IsType<AgentThoughtEvent>(e);
                Assert.Equal("agent_thought_id_1", thought.Id);
                Assert.Equal(1, thought.Position);
                Assert.Equal("Thinking about calling a tool...", thought.Thought);
                Assert.Equal("dalle3", thought.Tool);
                Assert.Equal("{\"dalle3\": {\"prompt\": \"a cute cat\"}}", thought.ToolInput);
                Assert.Equal("task123", thought.TaskId);
                Assert.Equal(Unix(1705395332), thought.CreatedAt);
            },
            e =>
            {
                var file = Assert.IsType<MessageFileEvent>(e);
                Assert.Equal("file_id_1", file.Id);
                Assert.Equal("image", file.Type);
                Assert.Equal("assistant", file.BelongsTo);
                Assert.Equal("https://example.com/cat.png", file.Url);
            },
            e => Assert.Equal("Here is the image: ", Assert.IsType<AgentMessageEvent>(e).Answer),
            e =>
            {
                var end = Assert.IsType<MessageEndEvent>(e);
                Assert.Equal(50, end.Metadata!.Usage!.TotalTokens);
                Assert.Equal(2.5, end.Metadata.Usage.Latency);
                Assert.Null(end.Metadata.Usage.TotalPrice);
            });

        var result = await Events(Reframe(ReadFixture("agent_stream.dify-docs.txt"))).CollectAnswerAsync();
        Assert.Equal("Here is the image: ", result.Answer);
        Assert.Equal("https://example.com/cat.png", Assert.Single(result.Files).Url);
        Assert.Equal("dalle3", Assert.Single(result.AgentThoughts).Tool);
        Assert.Equal("conv123", result.ConversationId);
    }

    [Fact]
    public async Task Workflow_stream_fixture_yields_run_and_node_events_with_typed_data()
    {
        var events = await ReadAllAsync(Reframe(ReadFixture("workflow_stream.sse")));

        Assert.Equal(6, events.Count);
        var started = Assert.IsType<WorkflowStartedEvent>(events[0]);
        Assert.Equal("5ad498-f0c7-4085-b384-88cbe6290", started.WorkflowRunId);
        Assert.Equal("5ad4cb98-f0c7-4085-b384-88c403be6290", started.TaskId);
        Assert.Equal("5ad498-f0c7-4085-b384-88cbe6290", started.Data!.Id);
        Assert.Equal("dfjasklfjdslag", started.Data.WorkflowId);
        Assert.Equal(Unix(1679586595), started.Data.CreatedAt);

        var nodeStarted = Assert.IsType<NodeStartedEvent>(events[1]);
        Assert.Equal("start", nodeStarted.Data!.NodeType);
        Assert.Equal("Start", nodeStarted.Data.Title);
        Assert.Equal(0, nodeStarted.Data.Index);
        Assert.Equal("fdljewklfklgejlglsd", nodeStarted.Data.PredecessorNodeId);
        Assert.Empty(nodeStarted.Data.Inputs!);

        var nodeFinished = Assert.IsType<NodeFinishedEvent>(events[2]);
        Assert.Equal("succeeded", nodeFinished.Data!.Status);
        Assert.Equal(0.324, nodeFinished.Data.ElapsedTime);
        Assert.Equal(63127864, nodeFinished.Data.ExecutionMetadata!["total_tokens"].GetInt64());
        Assert.Equal("USD", nodeFinished.Data.ExecutionMetadata["currency"].GetString());

        var finished = Assert.IsType<WorkflowFinishedEvent>(events[3]);
        Assert.Equal("succeeded", finished.Data!.Status);
        Assert.Equal(63127864, finished.Data.TotalTokens);
        Assert.Equal(1, finished.Data.TotalSteps); // sent as the string "1"
        Assert.Equal(Unix(1679976595), finished.Data.FinishedAt);
        Assert.Empty(finished.Data.Outputs!);
        Assert.IsType<TtsMessageEvent>(events[4]);
        Assert.IsType<TtsMessageEndEvent>(events[5]);

        var result = await Events(Reframe(ReadFixture("workflow_stream.sse"))).CollectWorkflowAsync();
        Assert.Equal("succeeded", result.Status);
        Assert.Equal("5ad498-f0c7-4085-b384-88cbe6290", result.WorkflowRunId);
        Assert.Equal(63127864, result.TotalTokens);
        Assert.True(result.Completed);
        Assert.False(result.Paused);
    }

    [Fact]
    public async Task Chatflow_stream_fixture_carries_message_and_workflow_events_and_reasoning()
    {
        var wire = Reframe(ReadFixture("chatflow_stream.dify-docs.txt"));
        var events = await ReadAllAsync(wire);

        Assert.Equal(
            ["workflow_started", "node_started", "reasoning_chunk", "reasoning_chunk", "message", "node_finished", "message_end", "workflow_finished"],
            events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal("msg123", e.MessageId));
        Assert.All(events, e => Assert.Equal("conv123", e.ConversationId));
        var started = Assert.IsType<WorkflowStartedEvent>(events[0]);
        Assert.Equal("San Francisco", started.Data!.Inputs!["city"].GetString());
        var reasoning = Assert.IsType<ReasoningChunkEvent>(events[2]);
        Assert.Equal("The user greeted me, so", reasoning.Data!.Reasoning);
        Assert.Equal("node_llm_1", reasoning.Data.NodeId);
        Assert.Equal("msg123", reasoning.Data.MessageId);
        Assert.False(reasoning.Data.IsFinal);
        Assert.True(Assert.IsType<ReasoningChunkEvent>(events[3]).Data!.IsFinal);
        var node = Assert.IsType<NodeFinishedEvent>(events[5]);
        Assert.Equal(1.5, node.Data!.ElapsedTime);
        Assert.Equal(Unix(1705395334), node.Data.FinishedAt);

        var answer = await Events(wire).CollectAnswerAsync();
        Assert.Equal(" I", answer.Answer);
        Assert.Equal("The user greeted me, so", answer.Reasoning);
        Assert.Equal("wfr_abc123", answer.WorkflowRunId);
        Assert.Equal(50, answer.Usage!.TotalTokens);

        var run = await Events(wire).CollectWorkflowAsync();
        Assert.Equal("succeeded", run.Status);
        Assert.Equal(2, run.TotalSteps);
        Assert.Equal(2.5, run.ElapsedTime);
    }

    [Fact]
    public async Task Chatflow_human_input_pause_fixture_yields_the_form_and_a_terminal_pause()
    {
        var wire = Reframe(ReadFixture("chatflow_stream_human_input_pause.dify-docs.txt"));
        var events = await ReadAllAsync(wire);

        Assert.Equal(3, events.Count);
        Assert.Equal("initial", Assert.IsType<WorkflowStartedEvent>(events[0]).Data!.Reason);
        var required = Assert.IsType<HumanInputRequiredEvent>(events[1]);
        var form = required.Data!;
        Assert.Equal("a1b2c3d4-e5f6-7890-abcd-ef1234567890", form.FormId);
        Assert.Equal("tok_abc123", form.FormToken);
        Assert.Equal("approval_node", form.NodeId);
        Assert.Equal("Approval", form.NodeTitle);
        Assert.Equal("Please review the draft.", form.FormContent);
        var input = Assert.Single(form.Inputs!);
        Assert.Equal("paragraph", input.Type);
        Assert.Equal("comment", input.OutputVariableName);
        Assert.Null(input.Default);
        var action = Assert.Single(form.Actions!);
        Assert.Equal(("approve", "Approve", "primary"), (action.Id, action.Title, action.ButtonStyle));
        Assert.False(form.DisplayInUi);
        Assert.Equal(string.Empty, form.ResolvedDefaultValues!["comment"].GetString());
        Assert.Equal(Unix(1705494029), form.ExpirationTime);
        Assert.Equal("fb47b2e6-5e43-4f90-be01-d5c5a088d156", required.WorkflowRunId);

        var paused = Assert.IsType<WorkflowPausedEvent>(events[2]);
        Assert.Equal("fb47b2e6-5e43-4f90-be01-d5c5a088d156", paused.Data!.WorkflowRunId);
        Assert.Equal(["approval_node"], paused.Data.PausedNodes!);
        Assert.Equal("paused", paused.Data.Status);
        Assert.Equal(1, paused.Data.TotalSteps);
        var reason = Assert.Single(paused.Data.Reasons!);
        Assert.Equal("tok_abc123", reason.FormToken);
        Assert.Null(reason.Type); // the docs example spells it "TYPE"; property names are case-sensitive

        var run = await Events(wire).CollectWorkflowAsync();
        Assert.True(run.Paused);
        Assert.True(run.Completed);
        Assert.Equal("paused", run.Status);
        Assert.Equal("tok_abc123", run.Pause!.Reasons![0].FormToken);
    }

    [Fact]
    public async Task Workflow_paused_fixture_with_pretty_printed_json_and_a_ping_yields_every_field()
    {
        var pings = 0;
        var events = await ReadAllAsync(Reframe(ReadFixture("workflow_stream_paused.sse")), options: new DifyStreamReadOptions { OnPing = () => pings++ });

        Assert.Equal(1, pings);
        Assert.Equal(
            ["workflow_started", "node_started", "node_finished", "node_started", "human_input_required", "workflow_paused"],
            events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal("a4959eb4-c852-4e0c-ac7a-348233f7f345", e.WorkflowRunId));
        var started = Assert.IsType<WorkflowStartedEvent>(events[0]);
        Assert.Equal("abc-123", started.Data!.Inputs!["sys.user_id"].GetString());
        Assert.Equal(JsonValueKind.Array, started.Data.Inputs["sys.files"].ValueKind);
        var nodeStarted = Assert.IsType<NodeStartedEvent>(events[1]);
        Assert.Null(nodeStarted.Data!.PredecessorNodeId);
        Assert.Null(nodeStarted.Data.Inputs);
        Assert.Null(nodeStarted.Data.IterationId);
        var nodeFinished = Assert.IsType<NodeFinishedEvent>(events[2]);
        Assert.Equal(1776129228, nodeFinished.Data!.Outputs!["sys.timestamp"].GetInt64());
        Assert.Null(nodeFinished.Data.ExecutionMetadata);
        Assert.Equal(0.000097, nodeFinished.Data.ElapsedTime);
        var form = Assert.IsType<HumanInputRequiredEvent>(events[4]).Data!;
        Assert.Equal(["sys", "workflow_run_id"], form.Inputs![0].Default!.Selector!);
        Assert.Equal("variable", form.Inputs[0].Default!.Type);
        Assert.Equal(2, form.Actions!.Count);
        Assert.True(form.DisplayInUi);
        var paused = Assert.IsType<WorkflowPausedEvent>(events[5]).Data!;
        Assert.Equal("human_input_required", paused.Reasons![0].Type);
        Assert.Equal("0Tb1nXYe4hzQUD706nHB4y", paused.Reasons[0].FormToken);
        Assert.Equal(0.070478, paused.ElapsedTime);
        Assert.Equal(Unix(1776129228), paused.CreatedAt);
    }

    [Fact]
    public async Task Workflow_events_resumed_fixture_yields_the_filled_form_and_the_finished_run()
    {
        var wire = Reframe(ReadFixture("workflow_events_resumed.dify-docs.txt"));
        var events = await ReadAllAsync(wire);

        var filled = Assert.IsType<HumanInputFormFilledEvent>(events[0]).Data!;
        Assert.Equal(("approval_node", "Approval", "approve", "Approve"), (filled.NodeId, filled.NodeTitle, filled.ActionId, filled.ActionText));
        Assert.Equal("Please review the draft.", filled.RenderedContent);
        Assert.Equal("Looks good.", filled.SubmittedData!["comment"].GetString());
        Assert.Equal("Bonjour", Assert.IsType<TextChunkEvent>(events[4]).Data!.Text);

        var run = await Events(wire).CollectWorkflowAsync();
        Assert.Equal("Bonjour", run.Text);
        Assert.Equal("Bonjour", run.Outputs!["result"].GetString());
        Assert.Equal(42, run.TotalTokens);
        Assert.Equal(Unix(1705407706), run.Run!.FinishedAt);
    }

    [Fact]
    public async Task Workflow_reasoning_fixture_yields_reasoning_then_text_then_outputs()
    {
        var wire = Reframe(ReadFixture("workflow_stream_reasoning.dify-docs.txt"));
        var events = await ReadAllAsync(wire);

        Assert.Equal(6, events.Count);
        var reasoning = Assert.IsType<ReasoningChunkEvent>(events[2]);
        Assert.Equal("Let me translate that.", reasoning.Data!.Reasoning);
        Assert.Null(reasoning.Data.MessageId);
        var last = Assert.IsType<ReasoningChunkEvent>(events[3]);
        Assert.True(last.Data!.IsFinal);
        Assert.Equal(string.Empty, last.Data.Reasoning);
        var text = Assert.IsType<TextChunkEvent>(events[4]);
        Assert.Equal(["node_1", "text"], text.Data!.FromVariableSelector!);
        var finished = Assert.IsType<WorkflowFinishedEvent>(events[5]);
        Assert.Equal("Bonjour le monde", finished.Data!.Outputs!["result"].GetString());
        Assert.Equal(150, finished.Data.TotalTokens);
        Assert.Equal(1.23, finished.Data.ElapsedTime);
    }

    [Fact]
    public async Task Wire_format_excerpt_yields_its_events_counts_its_ping_and_reports_the_missing_terminal_event()
    {
        // The excerpt elides payloads as {…}: substitute empty objects, keep the framing byte for byte.
        var wire = ReadFixture("stream_wire_format_excerpt.sse").Replace("{…}", "{}", StringComparison.Ordinal);
        var pings = 0;
        var events = new List<DifyStreamEvent>();
        var ex = await Assert.ThrowsAsync<DifyStreamTruncatedException>(async () =>
        {
            await foreach (var e in DifySseReader.ReadEventsAsync(
                new ChunkedStream(System.Text.Encoding.UTF8.GetBytes(wire), 7), new DifyStreamReadOptions { OnPing = () => pings++ }, default))
            {
                events.Add(e);
            }
        });

        Assert.Equal(["workflow_started", "node_finished"], events.Select(e => e.Event));
        Assert.Equal("c3800678-…", events[0].TaskId);
        Assert.Equal(1, pings);
        Assert.Equal(2, ex.Progress.EventsRead);
        Assert.Equal(1, ex.Progress.PingsRead);
        Assert.Equal("fb47b2e6-…", ex.Progress.WorkflowRunId);
        Assert.False(ex.Progress.TerminalEventSeen);
    }

    [Fact]
    public void Blocking_workflow_fixtures_deserialize_into_workflow_run_data()
    {
        var context = Dify.HA.Client.Streaming.DifyStreamJsonContext.Default;
        using var done = JsonDocument.Parse(ReadFixture("workflow_blocking.json"));
        var run = done.RootElement.GetProperty("data").Deserialize(context.DifyWorkflowRunData)!;
        Assert.Equal("succeeded", run.Status);
        Assert.Equal("Nice to meet you.", run.Outputs!["text"].GetString());
        Assert.Equal(8, run.TotalSteps);
        Assert.Equal(Unix(1727807631), run.FinishedAt);

        using var paused = JsonDocument.Parse(ReadFixture("workflow_blocking_paused.json"));
        var pausedRun = paused.RootElement.GetProperty("data").Deserialize(context.DifyWorkflowRunData)!;
        Assert.Equal("paused", pausedRun.Status);
        Assert.Null(pausedRun.FinishedAt);
        Assert.Equal(["1775717346519"], pausedRun.PausedNodes!);
        Assert.Equal("SZwvfmL47fTIsZynP2Jr9i", pausedRun.Reasons![0].FormToken);

        using var chat = JsonDocument.Parse(ReadFixture("chat_blocking.json"));
        var metadata = chat.RootElement.GetProperty("metadata").Deserialize(context.DifyMessageMetadata)!;
        Assert.Equal(0.0012890m, metadata.Usage!.TotalPrice);
        Assert.Equal("iPhone List", metadata.RetrieverResources![0].DocumentName);
    }
}
