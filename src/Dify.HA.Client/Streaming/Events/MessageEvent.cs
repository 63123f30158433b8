namespace Dify.HA.Client;

/// <summary><c>message</c>: A chunk of the answer (chat, chatflow and completion apps): concatenate <see cref="Answer"/> in order.</summary>
public sealed record MessageEvent : DifyStreamEvent
{
    /// <summary>The wire name, <c>message</c>.</summary>
    public const string EventName = "message";

    /// <summary>Creates the event (the JSON deserializer uses this).</summary>
    public MessageEvent()
        : base(EventName)
    {
    }

    /// <summary>The answer delta.</summary>
    public string? Answer { get; init; }

    /// <summary>The message id (some Dify versions repeat it here).</summary>
    public string? Id { get; init; }
}
