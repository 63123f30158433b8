namespace Dify.HA.Client;

/// <summary>
/// How far a stream got before it failed: the handles needed to stop, re-attach to or read back what was started.
/// Carried by <see cref="DifyStreamIdleTimeoutException"/>, <see cref="DifyStreamTruncatedException"/> and
/// <see cref="DifyStreamFormatException"/>.
/// </summary>
public sealed record DifyStreamProgress
{
    /// <summary>Events delivered to the caller (pings not counted).</summary>
    public int EventsRead { get; init; }

    /// <summary>Ping frames received.</summary>
    public int PingsRead { get; init; }

    /// <summary>Wire name of the last event delivered, or null when none was.</summary>
    public string? LastEvent { get; init; }

    /// <summary>Whether a terminal event (<c>message_end</c>, <c>workflow_finished</c>, <c>workflow_paused</c>) was seen.</summary>
    public bool TerminalEventSeen { get; init; }

    /// <summary>The first task id seen (to stop the generation).</summary>
    public string? TaskId { get; init; }

    /// <summary>The first message id seen.</summary>
    public string? MessageId { get; init; }

    /// <summary>The first conversation id seen.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The first workflow run id seen (to re-attach with <c>GET /workflow/{id}/events</c>).</summary>
    public string? WorkflowRunId { get; init; }
}
