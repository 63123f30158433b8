namespace Dify.HA.Client;

/// <summary><c>message_end</c>: The end of a message: usage, citations and files. Terminal for chat, agent and completion streams.</summary>
public sealed record MessageEndEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>message_end</c>.</summary>
    public const string EventName = "message_end";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public MessageEndEvent()
        : base(EventName)
    {
    }

    /// <summary>The message id.</summary>
    public string? Id { get; init; }

    /// <summary>Usage and retriever resources.</summary>
    public DifyMessageMetadata? Metadata { get; init; }

    /// <summary>Files produced during the message.</summary>
    public IReadOnlyList<DifyMessageFile>? Files { get; init; }
}
