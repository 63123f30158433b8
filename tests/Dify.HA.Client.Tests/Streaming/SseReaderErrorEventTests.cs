using static Dify.HA.Client.Tests.Streaming.StreamTestHelpers;

namespace Dify.HA.Client.Tests.Streaming;

public sealed class SseReaderErrorEventTests
{
    private const string Message = """{"event":"message","task_id":"t1","message_id":"m1","answer":"partial"}""";

    private static async Task<(List<DifyStreamEvent> Delivered, DifyApiException Error)> ReadUntilErrorAsync(string errorJson, DifyOperationKind kind)
    {
        var delivered = new List<DifyStreamEvent>();
        var options = new DifyStreamReadOptions { Kind = kind, Endpoint = new Uri("https://eu.dify.example/v1"), RequestId = "req-1" };
        var error = await Assert.ThrowsAsync<DifyApiException>(async () =>
        {
            await foreach (var e in DifySseReader.ReadEventsAsync(
                new ChunkedStream(System.Text.Encoding.UTF8.GetBytes($"data: {Message}\n\ndata: {errorJson}\n\n"), 9), options, default))
            {
                delivered.Add(e);
            }
        });
        return (delivered, error);
    }

    [Fact]
    public async Task A_mid_stream_error_event_raises_dify_api_exception_after_the_events_before_it()
    {
        var (delivered, error) = await ReadUntilErrorAsync(
            """{"event":"error","message_id":"m1","status":400,"code":"invalid_param","message":"Bad things"}""", DifyOperationKind.Generation);

        Assert.Equal("partial", Assert.IsType<MessageEvent>(Assert.Single(delivered)).Answer);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_param", error.Code);
        Assert.Equal("Bad things", error.Message);
        Assert.Equal(DifyFailureClass.Permanent, error.Classification);
        Assert.True(error.IsMidStream);
        Assert.Equal("req-1", error.RequestId);
        Assert.Equal(new Uri("https://eu.dify.example/v1"), error.Endpoint);
    }

    [Theory]
    [InlineData(DifyOperationKind.Generation, DifyFailureClass.Ambiguous)]
    [InlineData(DifyOperationKind.Read, DifyFailureClass.Transient)]
    public async Task A_mid_stream_server_error_is_classified_for_the_kind_of_call(DifyOperationKind kind, DifyFailureClass expected)
    {
        var (_, error) = await ReadUntilErrorAsync(
            """{"event":"error","status":500,"code":"internal_server_error","message":"Internal Server Error"}""", kind);

        Assert.Equal(expected, error.Classification);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task A_mid_stream_provider_rate_limit_is_transient()
    {
        var (_, error) = await ReadUntilErrorAsync(
            """{"event":"error","status":400,"code":"completion_request_error","message":"[openai] Rate limit reached for requests"}""", DifyOperationKind.Generation);

        Assert.Equal(DifyFailureClass.Transient, error.Classification);
    }

    [Fact]
    public async Task An_error_event_without_code_or_message_still_raises_with_defaults()
    {
        var (_, error) = await ReadUntilErrorAsync("""{"event":"error"}""", DifyOperationKind.Generation);

        Assert.Equal(DifyErrorCodes.Unknown, error.Code);
        Assert.Null(error.StatusCode);
        Assert.Equal(DifyFailureClass.Ambiguous, error.Classification);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }
}
