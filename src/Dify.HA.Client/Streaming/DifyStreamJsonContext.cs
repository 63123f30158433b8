using System.Text.Json;
using System.Text.Json.Serialization;
using Dify.HA.Client.Errors;
using Dify.HA.Client.Serialization;

namespace Dify.HA.Client.Streaming;

/// <summary>
/// Source-generated JSON metadata for stream events, their parts and Dify's error envelope (snake_case; unix-second
/// times; numbers accepted as strings because Dify sends prices, and sometimes counts, as strings).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UnixSecondsDateTimeOffsetConverter), typeof(NullableUnixSecondsDateTimeOffsetConverter)])]
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(AgentMessageEvent))]
[JsonSerializable(typeof(AgentThoughtEvent))]
[JsonSerializable(typeof(MessageFileEvent))]
[JsonSerializable(typeof(MessageEndEvent))]
[JsonSerializable(typeof(MessageReplaceEvent))]
[JsonSerializable(typeof(TtsMessageEvent))]
[JsonSerializable(typeof(TtsMessageEndEvent))]
[JsonSerializable(typeof(ReasoningChunkEvent))]
[JsonSerializable(typeof(WorkflowStartedEvent))]
[JsonSerializable(typeof(WorkflowFinishedEvent))]
[JsonSerializable(typeof(WorkflowPausedEvent))]
[JsonSerializable(typeof(NodeStartedEvent))]
[JsonSerializable(typeof(NodeFinishedEvent))]
[JsonSerializable(typeof(NodeRetryEvent))]
[JsonSerializable(typeof(IterationStartedEvent))]
[JsonSerializable(typeof(IterationNextEvent))]
[JsonSerializable(typeof(IterationCompletedEvent))]
[JsonSerializable(typeof(LoopStartedEvent))]
[JsonSerializable(typeof(LoopNextEvent))]
[JsonSerializable(typeof(LoopCompletedEvent))]
[JsonSerializable(typeof(TextChunkEvent))]
[JsonSerializable(typeof(TextReplaceEvent))]
[JsonSerializable(typeof(AgentLogEvent))]
[JsonSerializable(typeof(HumanInputRequiredEvent))]
[JsonSerializable(typeof(HumanInputFormFilledEvent))]
[JsonSerializable(typeof(HumanInputFormTimeoutEvent))]
[JsonSerializable(typeof(DifyStreamEvent))]
[JsonSerializable(typeof(DifyWorkflowRunData))]
[JsonSerializable(typeof(DifyMessageMetadata))]
[JsonSerializable(typeof(DifyApiErrorEnvelope))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class DifyStreamJsonContext : JsonSerializerContext
{
}
