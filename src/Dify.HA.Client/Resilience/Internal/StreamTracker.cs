using System.Text;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Resilience.Internal;

/// <summary>What a stream delivered so far: the ids and the answer text, to re-attach or to explain an interruption.</summary>
internal sealed class StreamTracker
{
    private readonly StringBuilder _answer = new();

    public int Delivered { get; private set; }

    /// <summary>Events of a re-attach replay still to skip (the caller already has them).</summary>
    public int Skip { get; set; }

    public string? TaskId { get; private set; }

    public string? MessageId { get; private set; }

    public string? ConversationId { get; private set; }

    public string? WorkflowRunId { get; private set; }

    public void Track(DifyStreamEvent e)
    {
        Delivered++;
        TaskId ??= e.TaskId;
        MessageId ??= e.MessageId;
        ConversationId ??= e.ConversationId;
        WorkflowRunId ??= e.WorkflowRunId;
        switch (e)
        {
            case MessageEvent m:
                MessageId ??= m.Id;
                _answer.Append(m.Answer);
                break;
            case AgentMessageEvent a:
                _answer.Append(a.Answer);
                break;
            case MessageReplaceEvent r:
                _answer.Clear().Append(r.Answer);
                break;
        }
    }

    public DifyStreamInterruptedException Interrupted(DifyRequest request, string region, Exception cause)
        => new(
            $"The {request.Operation} stream from region '{region}' broke after {Delivered} event(s) ({cause.GetType().Name}: {cause.Message}). " +
            "Dify cannot resume a chat or completion stream: the generation may still finish on the server; read it back with " +
            "ReadPersistedMessageAsync (GET /messages) using the ids on this exception.", cause)
        {
            PartialAnswer = _answer.ToString(),
            TaskId = TaskId,
            MessageId = MessageId,
            ConversationId = ConversationId,
            EventsDelivered = Delivered,
            Region = region,
        };
}
