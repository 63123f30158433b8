using System.Text;
using static Dify.HA.Client.Tests.Streaming.StreamTestHelpers;

namespace Dify.HA.Client.Tests.Streaming;

/// <summary>Framing and malformed input, as documented in docs/streaming.md.</summary>
public sealed class SseReaderFramingTests
{
    private const string Message1 = """{"event":"message","task_id":"t1","message_id":"m1","conversation_id":"c1","answer":"Hel","created_at":1705395332}""";
    private const string Message2 = """{"event":"message","task_id":"t1","message_id":"m1","conversation_id":"c1","answer":"lo","created_at":1705395332}""";
    private const string End = """{"event":"message_end","task_id":"t1","message_id":"m1","conversation_id":"c1","metadata":{"usage":{"total_tokens":7}}}""";

    private static readonly string Wire = $"data: {Message1}\n\nevent: ping\n\ndata: {Message2}\n\ndata: {End}\n\n";

    private static void AssertHello(List<DifyStreamEvent> events)
    {
        Assert.Equal(["message", "message", "message_end"], events.Select(e => e.Event));
        Assert.Equal("Hel", ((MessageEvent)events[0]).Answer);
        Assert.Equal("lo", ((MessageEvent)events[1]).Answer);
        Assert.Equal(7, ((MessageEndEvent)events[2]).Metadata!.Usage!.TotalTokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public async Task Lines_split_across_reads_at_any_byte_yield_the_same_events(int chunkSize)
    {
        AssertHello(await ReadAllAsync(Wire, chunkSize));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task Crlf_and_lone_cr_line_endings_are_accepted(int chunkSize)
    {
        AssertHello(await ReadAllAsync(Wire.Replace("\n", "\r\n", StringComparison.Ordinal), chunkSize));
        AssertHello(await ReadAllAsync(Wire.Replace("\n", "\r", StringComparison.Ordinal), chunkSize));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4096)]
    public async Task A_leading_utf8_bom_is_skipped_even_when_split_across_reads(int chunkSize)
    {
        byte[] wire = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Wire)];
        AssertHello(await ReadAllAsync(wire, chunkSize));
    }

    [Fact]
    public async Task Comments_and_id_and_retry_fields_are_ignored()
    {
        var wire = $": keep-alive comment\n\nid: 7\nretry: 1000\n: inline comment\ndata: {Message1}\n\n:\n\ndata: {Message2}\n\ndata: {End}\n\n";
        AssertHello(await ReadAllAsync(wire, 3));
    }

    [Fact]
    public async Task Multi_line_data_is_joined_with_line_feeds()
    {
        // SSE joins data lines with LF; a JSON payload split over lines stays valid JSON.
        var wire = "data: {\"event\":\"message\",\ndata: \"answer\":\"a\\nb\",\ndata:\"task_id\":\"t\"}\n\n" + $"data: {End}\n\n";
        var events = await ReadAllAsync(wire, 4);

        var message = Assert.IsType<MessageEvent>(events[0]);
        Assert.Equal("a\nb", message.Answer);
        Assert.Equal("t", message.TaskId);
        Assert.IsType<MessageEndEvent>(events[1]);
    }

    [Fact]
    public async Task Multi_line_data_keeps_inner_line_breaks_of_a_json_string_value_as_separators()
    {
        // "data:" then an empty data line: the payload is "{...}\n" plus nothing: trailing LF is whitespace for JSON.
        var wire = $"data: {Message1}\ndata:\n\ndata: {End}\n\n";
        var events = await ReadAllAsync(wire);
        Assert.Equal("Hel", Assert.IsType<MessageEvent>(events[0]).Answer);
    }

    [Fact]
    public async Task A_one_megabyte_event_is_delivered_whole()
    {
        var answer = new string('x', 1024 * 1024);
        var wire = $"data: {{\"event\":\"message\",\"task_id\":\"t\",\"answer\":\"{answer}\"}}\n\ndata: {End}\n\n";
        var events = await ReadAllAsync(wire, 16 * 1024);

        Assert.Equal(answer, Assert.IsType<MessageEvent>(events[0]).Answer);
        Assert.IsType<MessageEndEvent>(events[1]);
    }

    [Fact]
    public async Task An_event_above_the_size_limit_fails_with_a_format_error_instead_of_growing_without_bound()
    {
        var wire = $"data: {Message1}\n\ndata: {{\"event\":\"message\",\"answer\":\"{new string('x', 64 * 1024)}\"}}\n\n";
        var ex = await Assert.ThrowsAsync<DifyStreamFormatException>(
            () => ReadAllAsync(wire, 4096, new DifyStreamReadOptions { MaxEventBytes = 16 * 1024, Endpoint = new Uri("https://x.example/v1") }));
        Assert.Contains("16384", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Progress.EventsRead);
        Assert.Equal(new Uri("https://x.example/v1"), ex.Endpoint);
    }

    [Fact]
    public async Task Unknown_event_types_are_kept_with_their_raw_json_and_the_stream_goes_on()
    {
        var unknown = """{"event":"brand_new_event","task_id":"t9","workflow_run_id":"w9","created_at":1705395332,"data":{"x":[1,2]}}""";
        var events = await ReadAllAsync($"data: {unknown}\n\ndata: {End}\n\n");

        var e = Assert.IsType<UnknownEvent>(events[0]);
        Assert.Equal("brand_new_event", e.Event);
        Assert.Equal("t9", e.TaskId);
        Assert.Equal("w9", e.WorkflowRunId);
        Assert.Equal(Unix(1705395332), e.CreatedAt);
        Assert.Equal(2, e.Raw.GetProperty("data").GetProperty("x")[1].GetInt32());
        Assert.IsType<MessageEndEvent>(events[1]);
    }

    [Fact]
    public async Task The_event_field_is_found_wherever_it_is_and_even_when_escaped()
    {
        var late = """{"task_id":"t","data":{"event":"decoy"},"answer":"late","event":"message"}""";
        var escaped = """{"event":"mess\u0061ge","answer":"escaped"}""";
        var events = await ReadAllAsync($"data: {late}\n\ndata: {escaped}\n\ndata: {End}\n\n");

        Assert.Equal("late", Assert.IsType<MessageEvent>(events[0]).Answer);
        Assert.Equal("escaped", Assert.IsType<MessageEvent>(events[1]).Answer);
    }

    [Fact]
    public async Task A_payload_without_an_event_field_is_an_unknown_event_with_an_empty_name()
    {
        var events = await ReadAllAsync($"data: {{\"answer\":\"x\"}}\n\ndata: {End}\n\n");
        Assert.Equal(string.Empty, Assert.IsType<UnknownEvent>(events[0]).Event);
    }

    [Fact]
    public async Task Truncated_json_at_end_of_stream_raises_truncated_with_the_progress_so_far()
    {
        var wire = $"data: {Message1}\n\ndata: {{\"event\":\"message\",\"answ";
        var delivered = new List<DifyStreamEvent>();
        var ex = await Assert.ThrowsAsync<DifyStreamTruncatedException>(async () =>
        {
            await foreach (var e in Events(wire, 5)) delivered.Add(e);
        });

        Assert.Single(delivered);
        Assert.Equal(1, ex.Progress.EventsRead);
        Assert.Equal("t1", ex.Progress.TaskId);
        Assert.Equal("m1", ex.Progress.MessageId);
        Assert.Equal("c1", ex.Progress.ConversationId);
        Assert.Equal("message", ex.Progress.LastEvent);
    }

    [Fact]
    public async Task End_of_stream_without_a_terminal_event_raises_truncated()
    {
        var ex = await Assert.ThrowsAsync<DifyStreamTruncatedException>(() => ReadAllAsync($"data: {Message1}\n\n"));
        Assert.False(ex.Progress.TerminalEventSeen);
        Assert.Contains("without a terminal event", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_stream_raises_truncated()
    {
        var ex = await Assert.ThrowsAsync<DifyStreamTruncatedException>(() => ReadAllAsync(string.Empty));
        Assert.Equal(0, ex.Progress.EventsRead);
    }

    [Fact]
    public async Task A_complete_last_event_without_its_blank_line_is_still_delivered()
    {
        AssertHello(await ReadAllAsync($"data: {Message1}\n\ndata: {Message2}\n\ndata: {End}"));
        AssertHello(await ReadAllAsync($"data: {Message1}\n\ndata: {Message2}\n\ndata: {End}\n"));
    }

    [Fact]
    public async Task Events_after_the_terminal_event_are_delivered_until_end_of_stream()
    {
        var tts = """{"event":"tts_message_end","task_id":"t1","audio":""}""";
        var events = await ReadAllAsync($"data: {End}\n\ndata: {tts}\n\n");
        Assert.Equal(["message_end", "tts_message_end"], events.Select(e => e.Event));
    }

    [Fact]
    public async Task A_complete_frame_that_is_not_json_raises_a_format_error_without_quoting_it()
    {
        var ex = await Assert.ThrowsAsync<DifyStreamFormatException>(
            () => ReadAllAsync($"data: {Message1}\n\ndata: secret-user-text {{oops\n\ndata: {End}\n\n"));

        Assert.DoesNotContain("secret-user-text", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Progress.EventsRead);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task Ping_frames_are_swallowed_and_counted_including_a_json_ping()
    {
        var pings = 0;
        var wire = $"event: ping\n\ndata: {Message1}\n\nevent: ping\r\n\r\ndata: {{\"event\":\"ping\"}}\n\ndata: {Message2}\n\ndata: {End}\n\n";
        var events = await ReadAllAsync(wire, 3, new DifyStreamReadOptions { OnPing = () => pings++ });

        AssertHello(events);
        Assert.Equal(3, pings);
    }

    [Fact]
    public async Task Blank_and_null_data_frames_are_ignored()
    {
        AssertHello(await ReadAllAsync($"data:\n\ndata:  \n\ndata: null\n\n{Wire}"));
    }
}
