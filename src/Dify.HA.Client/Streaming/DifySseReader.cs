using System.Runtime.CompilerServices;
using System.Text.Json;
using Dify.HA.Client.Errors;
using Dify.HA.Client.Streaming.Internal;

namespace Dify.HA.Client;

/// <summary>
/// Reads a Dify <c>text/event-stream</c> body as typed events. Behaviour (docs/streaming.md has the full table):
/// <list type="bullet">
/// <item><c>event: ping</c> frames and <c>:</c> comments are swallowed (pings call <see cref="DifyStreamReadOptions.OnPing"/>);</item>
/// <item>a mid-stream <c>error</c> event raises <see cref="DifyApiException"/> (classified for <see cref="DifyStreamReadOptions.Kind"/>);</item>
/// <item>EOF after a terminal event (<c>message_end</c>, <c>workflow_finished</c>, <c>workflow_paused</c>) ends the sequence;
/// EOF before one, or inside a frame whose JSON is incomplete, raises <see cref="DifyStreamTruncatedException"/>;</item>
/// <item>a complete frame that is not a JSON object raises <see cref="DifyStreamFormatException"/>;</item>
/// <item>silence longer than <see cref="DifyStreamReadOptions.IdleTimeout"/> raises <see cref="DifyStreamIdleTimeoutException"/>.</item>
/// </list>
/// </summary>
internal static class DifySseReader
{
    /// <summary>Reads events until the stream ends. The caller owns (and disposes) <paramref name="stream"/>.</summary>
    /// <param name="stream">The response body.</param>
    /// <param name="options">How to read; <see cref="DifyStreamReadOptions.Default"/> for no idle timeout.</param>
    /// <param name="cancellationToken">Cancels the reading; an <see cref="OperationCanceledException"/> is thrown as is.</param>
    /// <returns>The events, in order.</returns>
    public static async IAsyncEnumerable<DifyStreamEvent> ReadEventsAsync(
        Stream stream,
        DifyStreamReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        using var frames = new SseFrameReader(options.MaxEventBytes);
        var state = new ReaderState(options);
        var idle = options.IdleTimeout is { } timeout && timeout != Timeout.InfiniteTimeSpan
            ? new IdleTimer(timeout, options.TimeProvider, cancellationToken)
            : null;
        try
        {
            var endOfStream = false;
            while (true)
            {
                // Drain every complete frame already in the buffer before reading again.
                DifyStreamEvent? next;
                while ((next = state.Next(frames, endOfStream)) is not null)
                {
                    yield return next;
                }

                if (endOfStream)
                {
                    state.EnsureComplete();
                    yield break;
                }

                Memory<byte> memory;
                try
                {
                    memory = frames.GetReadMemory();
                }
                catch (DifyStreamFormatException ex)
                {
                    // The event being assembled outgrew MaxEventBytes: report it with the stream's progress.
                    throw new DifyStreamFormatException(ex.Message, state.Progress(), options.Endpoint, ex);
                }

                int read;
                if (idle is null)
                {
                    read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    try
                    {
                        read = await stream.ReadAsync(memory, idle.Arm()).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (idle.Expired && !cancellationToken.IsCancellationRequested
                                               && ex is OperationCanceledException or IOException or ObjectDisposedException)
                    {
                        throw new DifyStreamIdleTimeoutException(idle.Timeout, state.Progress(), options.Endpoint, ex);
                    }

                    idle.Disarm();
                }

                if (read == 0) endOfStream = true;
                else frames.Advance(read);
            }
        }
        finally
        {
            idle?.Dispose();
        }
    }

    /// <summary>Progress and the frame → event step, kept out of the async method so that spans can be used.</summary>
    private sealed class ReaderState(DifyStreamReadOptions options)
    {
        private int _events;
        private int _pings;
        private string? _lastEvent;
        private bool _terminal;
        private string? _taskId;
        private string? _messageId;
        private string? _conversationId;
        private string? _workflowRunId;

        public DifyStreamEvent? Next(SseFrameReader frames, bool endOfStream)
        {
            while (true)
            {
                var kind = endOfStream ? frames.TryReadLastFrame(out var payload) : frames.TryReadFrame(out payload);
                switch (kind)
                {
                    case SseFrameKind.NeedMoreData:
                        return null;
                    case SseFrameKind.Ping:
                        OnPing();
                        continue;
                }

                DifyEventDecoder.Outcome outcome;
                DifyStreamEvent? streamEvent;
                DifyApiErrorEnvelope? error;
                try
                {
                    outcome = DifyEventDecoder.Decode(payload, out streamEvent, out error);
                }
                catch (JsonException) when (endOfStream)
                {
                    // The connection closed in the middle of this frame's JSON.
                    throw new DifyStreamTruncatedException(
                        $"The Dify stream ended inside an event ({payload.Length} bytes received) after {_events} event(s).", Progress(), options.Endpoint);
                }
                catch (JsonException ex)
                {
                    throw new DifyStreamFormatException(
                        $"A Dify stream frame ({payload.Length} bytes) after {_events} event(s) is not a valid JSON object: {ex.Message}", Progress(), options.Endpoint, ex);
                }
                catch (DifyStreamFormatException ex)
                {
                    throw new DifyStreamFormatException(ex.Message, Progress(), options.Endpoint, ex);
                }

                switch (outcome)
                {
                    case DifyEventDecoder.Outcome.Event when streamEvent is not null:
                        Track(streamEvent);
                        return streamEvent;
                    case DifyEventDecoder.Outcome.Ping:
                        OnPing();
                        continue;
                    case DifyEventDecoder.Outcome.Error:
                        throw CreateError(error!);
                    default:
                        continue; // blank payload or JSON null: nothing to deliver
                }
            }
        }

        public void EnsureComplete()
        {
            if (_terminal) return;
            var what = _events == 0
                ? "The Dify stream ended before any event."
                : $"The Dify stream ended after {_events} event(s) without a terminal event (last: {_lastEvent}).";
            throw new DifyStreamTruncatedException(what, Progress(), options.Endpoint);
        }

        public DifyStreamProgress Progress() => new()
        {
            EventsRead = _events,
            PingsRead = _pings,
            LastEvent = _lastEvent,
            TerminalEventSeen = _terminal,
            TaskId = _taskId,
            MessageId = _messageId,
            ConversationId = _conversationId,
            WorkflowRunId = _workflowRunId,
        };

        private void OnPing()
        {
            _pings++;
            options.OnPing?.Invoke();
        }

        private void Track(DifyStreamEvent streamEvent)
        {
            // Keep the first of each handle: references only, nothing allocated per event.
            _events++;
            _lastEvent = streamEvent.Event;
            _terminal |= DifyEventDecoder.IsTerminal(streamEvent);
            _taskId ??= streamEvent.TaskId;
            _messageId ??= streamEvent.MessageId;
            _conversationId ??= streamEvent.ConversationId;
            _workflowRunId ??= streamEvent.WorkflowRunId;
        }

        private DifyApiException CreateError(DifyApiErrorEnvelope error)
        {
            var code = string.IsNullOrEmpty(error.Code) ? DifyErrorCodes.Unknown : error.Code;
            var message = string.IsNullOrEmpty(error.Message) ? $"Dify reported an error mid-stream ({code})." : error.Message;
            return new DifyApiException(
                message,
                error.Status,
                code,
                DifyFailureClassifier.Classify(error.Status, code, message, options.Kind),
                DifyApiErrorReader.ParamsText(error.Params),
                options.RequestId,
                options.Endpoint)
            {
                IsMidStream = true,
            };
        }
    }
}
