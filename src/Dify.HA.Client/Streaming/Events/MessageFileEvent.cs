namespace Dify.HA.Client;

/// <summary><c>message_file</c>: A file created during the message (e.g. an image made by a tool).</summary>
public sealed record MessageFileEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>message_file</c>.</summary>
    public const string EventName = "message_file";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public MessageFileEvent()
        : base(EventName)
    {
    }

    /// <summary>File id.</summary>
    public string? Id { get; init; }

    /// <summary>File type, e.g. <c>image</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Who the file belongs to: <c>assistant</c>.</summary>
    public string? BelongsTo { get; init; }

    /// <summary>URL of the file.</summary>
    public string? Url { get; init; }
}
