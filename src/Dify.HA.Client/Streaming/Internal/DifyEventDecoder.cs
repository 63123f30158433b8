using System.Text;
using System.Text.Json;
using Dify.HA.Client.Errors;

namespace Dify.HA.Client.Streaming.Internal;

/// <summary>
/// Turns one <c>data:</c> payload into a typed event: reads the <c>event</c> field with a
/// <see cref="Utf8JsonReader"/> (Dify writes it first, but any position works: other top-level properties are
/// skipped), then deserializes the whole payload with that event's source-generated metadata. No intermediate
/// <see cref="JsonDocument"/> and no string for the event name.
/// </summary>
internal static class DifyEventDecoder
{
    /// <summary>What <see cref="Decode"/> found.</summary>
    internal enum Outcome
    {
        /// <summary>An event (known or unknown).</summary>
        Event,

        /// <summary>A JSON <c>{"event":"ping"}</c>: treated like an <c>event: ping</c> frame.</summary>
        Ping,

        /// <summary>A blank payload: nothing to deliver.</summary>
        Empty,

        /// <summary>A Dify <c>error</c> event: <c>error</c> is set.</summary>
        Error,
    }

    /// <summary>Decodes one payload. Throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public static Outcome Decode(ReadOnlySpan<byte> json, out DifyStreamEvent? streamEvent, out DifyApiErrorEnvelope? error)
    {
        streamEvent = null;
        error = null;
        json = json.Trim(" \t\r\n"u8);
        if (json.IsEmpty || json.SequenceEqual("null"u8)) return Outcome.Empty;

        Span<byte> scratch = stackalloc byte[64];
        var hasName = TryGetEventName(json, scratch, out var name);
        if (hasName)
        {
            var known = DeserializeKnown(name, json);
            if (known is not null)
            {
                streamEvent = known;
                return Outcome.Event;
            }

            if (name.SequenceEqual("error"u8))
            {
                error = JsonSerializer.Deserialize(json, DifyStreamJsonContext.Default.DifyApiErrorEnvelope) ?? new DifyApiErrorEnvelope();
                return Outcome.Error;
            }

            if (name.SequenceEqual("ping"u8)) return Outcome.Ping;
        }

        streamEvent = CreateUnknown(hasName ? Encoding.UTF8.GetString(name) : string.Empty, json);
        return Outcome.Event;
    }

    /// <summary>Whether an event ends its stream: after it, EOF is a normal end.</summary>
    public static bool IsTerminal(DifyStreamEvent streamEvent)
        => streamEvent is MessageEndEvent or WorkflowFinishedEvent or WorkflowPausedEvent
            // A knowledge pipeline's datasource node run (no typed events of its own) ends with one of these.
            || (streamEvent is UnknownEvent && streamEvent.Event is "datasource_completed" or "datasource_error");

    private static bool TryGetEventName(ReadOnlySpan<byte> json, Span<byte> scratch, out ReadOnlySpan<byte> name)
    {
        name = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("The payload of a stream event is not a JSON object.");

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isEvent = reader.ValueTextEquals("event"u8);
            reader.Read();
            if (isEvent)
            {
                if (reader.TokenType != JsonTokenType.String) return false;
                if (!reader.ValueIsEscaped)
                {
                    name = reader.ValueSpan;
                    return true;
                }

                // Escaped names are legal JSON but never sent; unescape small ones, treat others as unknown.
                if (reader.ValueSpan.Length > scratch.Length) return false;
                var written = reader.CopyString(scratch);
                name = scratch[..written];
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static DifyStreamEvent? DeserializeKnown(ReadOnlySpan<byte> name, ReadOnlySpan<byte> json)
    {
        var context = DifyStreamJsonContext.Default;
        switch (name.Length)
        {
            case 7:
                if (name.SequenceEqual("message"u8)) return JsonSerializer.Deserialize(json, context.MessageEvent);
                break;
            case 9:
                if (name.SequenceEqual("loop_next"u8)) return JsonSerializer.Deserialize(json, context.LoopNextEvent);
                if (name.SequenceEqual("agent_log"u8)) return JsonSerializer.Deserialize(json, context.AgentLogEvent);
                break;
            case 10:
                if (name.SequenceEqual("node_retry"u8)) return JsonSerializer.Deserialize(json, context.NodeRetryEvent);
                if (name.SequenceEqual("text_chunk"u8)) return JsonSerializer.Deserialize(json, context.TextChunkEvent);
                break;
            case 11:
                if (name.SequenceEqual("message_end"u8)) return JsonSerializer.Deserialize(json, context.MessageEndEvent);
                if (name.SequenceEqual("tts_message"u8)) return JsonSerializer.Deserialize(json, context.TtsMessageEvent);
                break;
            case 12:
                if (name.SequenceEqual("message_file"u8)) return JsonSerializer.Deserialize(json, context.MessageFileEvent);
                if (name.SequenceEqual("node_started"u8)) return JsonSerializer.Deserialize(json, context.NodeStartedEvent);
                if (name.SequenceEqual("loop_started"u8)) return JsonSerializer.Deserialize(json, context.LoopStartedEvent);
                if (name.SequenceEqual("text_replace"u8)) return JsonSerializer.Deserialize(json, context.TextReplaceEvent);
                break;
            case 13:
                if (name.SequenceEqual("agent_message"u8)) return JsonSerializer.Deserialize(json, context.AgentMessageEvent);
                if (name.SequenceEqual("agent_thought"u8)) return JsonSerializer.Deserialize(json, context.AgentThoughtEvent);
                if (name.SequenceEqual("node_finished"u8)) return JsonSerializer.Deserialize(json, context.NodeFinishedEvent);
                break;
            case 14:
                if (name.SequenceEqual("iteration_next"u8)) return JsonSerializer.Deserialize(json, context.IterationNextEvent);
                if (name.SequenceEqual("loop_completed"u8)) return JsonSerializer.Deserialize(json, context.LoopCompletedEvent);
                break;
            case 15:
                if (name.SequenceEqual("message_replace"u8)) return JsonSerializer.Deserialize(json, context.MessageReplaceEvent);
                if (name.SequenceEqual("tts_message_end"u8)) return JsonSerializer.Deserialize(json, context.TtsMessageEndEvent);
                if (name.SequenceEqual("reasoning_chunk"u8)) return JsonSerializer.Deserialize(json, context.ReasoningChunkEvent);
                if (name.SequenceEqual("workflow_paused"u8)) return JsonSerializer.Deserialize(json, context.WorkflowPausedEvent);
                break;
            case 16:
                if (name.SequenceEqual("workflow_started"u8)) return JsonSerializer.Deserialize(json, context.WorkflowStartedEvent);
                break;
            case 17:
                if (name.SequenceEqual("workflow_finished"u8)) return JsonSerializer.Deserialize(json, context.WorkflowFinishedEvent);
                if (name.SequenceEqual("iteration_started"u8)) return JsonSerializer.Deserialize(json, context.IterationStartedEvent);
                break;
            case 19:
                if (name.SequenceEqual("iteration_completed"u8)) return JsonSerializer.Deserialize(json, context.IterationCompletedEvent);
                break;
            case 20:
                if (name.SequenceEqual("human_input_required"u8)) return JsonSerializer.Deserialize(json, context.HumanInputRequiredEvent);
                break;
            case 23:
                if (name.SequenceEqual("human_input_form_filled"u8)) return JsonSerializer.Deserialize(json, context.HumanInputFormFilledEvent);
                break;
            case 24:
                if (name.SequenceEqual("human_input_form_timeout"u8)) return JsonSerializer.Deserialize(json, context.HumanInputFormTimeoutEvent);
                break;
        }

        return null;
    }

    private static UnknownEvent CreateUnknown(string eventName, ReadOnlySpan<byte> json)
    {
        // Deserializing a JsonElement makes a standalone copy that outlives the read buffer.
        var raw = JsonSerializer.Deserialize(json, DifyStreamJsonContext.Default.JsonElement);
        return new UnknownEvent(eventName, raw)
        {
            TaskId = GetString(raw, "task_id"),
            MessageId = GetString(raw, "message_id"),
            ConversationId = GetString(raw, "conversation_id"),
            WorkflowRunId = GetString(raw, "workflow_run_id"),
            CreatedAt = raw.TryGetProperty("created_at", out var created) && created.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null,
        };
    }

    private static string? GetString(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
