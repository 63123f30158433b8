using System.Text;

namespace Dify.HA.Client;

/// <summary>Helpers for consuming a stream of <see cref="DifyStreamEvent"/>s.</summary>
public static class DifyStreamExtensions
{
    /// <summary>
    /// Reads a chat, agent, chatflow or completion stream to its end and returns the final answer with usage,
    /// citations and files. Exceptions of the stream (a mid-stream error, truncation, idle timeout) propagate.
    /// </summary>
    /// <param name="events">The stream.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The collected answer.</returns>
    public static async ValueTask<DifyChatStreamResult> CollectAnswerAsync(
        this IAsyncEnumerable<DifyStreamEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var answer = new StringBuilder();
        StringBuilder? reasoning = null;
        List<DifyMessageFile>? files = null;
        List<AgentThoughtEvent>? thoughts = null;
        string? conversationId = null, messageId = null, taskId = null, workflowRunId = null;
        MessageEndEvent? end = null;
        var replaced = false;

        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            taskId ??= e.TaskId;
            messageId ??= e.MessageId;
            conversationId ??= e.ConversationId;
            workflowRunId ??= e.WorkflowRunId;
            switch (e)
            {
                case MessageEvent m:
                    answer.Append(m.Answer);
                    break;
                case AgentMessageEvent m:
                    answer.Append(m.Answer);
                    break;
                case MessageReplaceEvent r:
                    // Moderation replaced the whole answer: what was streamed before must not be shown.
                    answer.Clear().Append(r.Answer);
                    replaced = true;
                    break;
                case ReasoningChunkEvent r:
                    (reasoning ??= new StringBuilder()).Append(r.Data?.Reasoning);
                    break;
                case AgentThoughtEvent t:
                    (thoughts ??= []).Add(t);
                    break;
                case MessageFileEvent f:
                    (files ??= []).Add(new DifyMessageFile { RelatedId = f.Id, Type = f.Type, Url = f.Url });
                    break;
                case MessageEndEvent m:
                    end = m;
                    messageId ??= m.Id;
                    if (m.Files is { Count: > 0 }) (files ??= []).AddRange(m.Files);
                    break;
            }
        }

        return new DifyChatStreamResult
        {
            Answer = answer.ToString(),
            ConversationId = conversationId ?? end?.ConversationId,
            MessageId = messageId,
            TaskId = taskId,
            WorkflowRunId = workflowRunId,
            Usage = end?.Metadata?.Usage,
            RetrieverResources = end?.Metadata?.RetrieverResources ?? [],
            Files = files ?? [],
            AgentThoughts = thoughts ?? [],
            Reasoning = reasoning?.ToString(),
            WasReplaced = replaced,
            Completed = end is not null,
        };
    }

    /// <summary>
    /// Reads a workflow (or chatflow) stream to its end and returns the final state: status, outputs, error, tokens, the
    /// streamed text, or the pause and its forms. A failed run is a normal result (check
    /// <see cref="DifyWorkflowStreamResult.Status"/>); exceptions of the stream propagate.
    /// </summary>
    /// <param name="events">The stream.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The collected run.</returns>
    public static async ValueTask<DifyWorkflowStreamResult> CollectWorkflowAsync(
        this IAsyncEnumerable<DifyStreamEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var text = new StringBuilder();
        string? workflowRunId = null, taskId = null;
        WorkflowFinishedEvent? finished = null;
        WorkflowPausedEvent? paused = null;

        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            taskId ??= e.TaskId;
            workflowRunId ??= e.WorkflowRunId;
            switch (e)
            {
                case TextChunkEvent t:
                    text.Append(t.Data?.Text);
                    break;
                case TextReplaceEvent t:
                    text.Clear().Append(t.Data?.Text);
                    break;
                case WorkflowFinishedEvent f:
                    finished = f;
                    paused = null; // a resumed run that finishes is no longer paused
                    break;
                case WorkflowPausedEvent p:
                    paused = p;
                    break;
            }
        }

        var run = finished?.Data;
        var pause = paused?.Data;
        return new DifyWorkflowStreamResult
        {
            WorkflowRunId = workflowRunId ?? run?.Id ?? pause?.WorkflowRunId,
            TaskId = taskId,
            Status = run?.Status ?? pause?.Status ?? (paused is not null ? "paused" : null),
            Outputs = run?.Outputs ?? pause?.Outputs,
            Error = run?.Error,
            TotalTokens = run?.TotalTokens ?? pause?.TotalTokens,
            TotalSteps = run?.TotalSteps ?? pause?.TotalSteps,
            ElapsedTime = run?.ElapsedTime ?? pause?.ElapsedTime,
            Text = text.ToString(),
            Run = run,
            Paused = paused is not null,
            Pause = pause,
            Completed = finished is not null || paused is not null,
        };
    }
}
