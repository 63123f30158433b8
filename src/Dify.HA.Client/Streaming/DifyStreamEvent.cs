namespace Dify.HA.Client;

/// <summary>
/// One event of a Dify stream (chat, agent, chatflow, completion or workflow). Match on the derived record
/// (<see cref="MessageEvent"/>, <see cref="WorkflowFinishedEvent"/>...) or on <see cref="Event"/>, the wire name.
/// Events Dify adds after this SDK was built arrive as <see cref="UnknownEvent"/> with their raw JSON.
/// </summary>
/// <remarks>
/// The identifiers Dify repeats on most events live here so that code that only follows the stream's progress (the
/// HA pipeline, logging) can read them from any event. A field the event does not carry is null.
/// <c>ping</c> frames are never surfaced, and a mid-stream <c>error</c> event is raised as <see cref="DifyApiException"/>.
/// </remarks>
public abstract record DifyStreamEvent
{
    /// <summary>Creates an event with its wire name.</summary>
    /// <param name="eventName">The JSON <c>event</c> field.</param>
    protected DifyStreamEvent(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        Event = eventName;
    }

    /// <summary>The wire name of the event (the JSON <c>event</c> field), e.g. <c>message</c> or <c>node_finished</c>.</summary>
    public string Event { get; }

    /// <summary>The task id, used to stop the generation (<c>POST .../{task_id}/stop</c>); null only on errors.</summary>
    public string? TaskId { get; init; }

    /// <summary>The message id (chat, agent, chatflow and completion streams).</summary>
    public string? MessageId { get; init; }

    /// <summary>The conversation id (chat, agent and chatflow streams).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The workflow run id (workflow and chatflow streams): for <c>GET /workflows/run/{id}</c> and re-attaching.</summary>
    public string? WorkflowRunId { get; init; }

    /// <summary>When the event was created (unix seconds on the wire).</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
