using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// An event this SDK has no record for (Dify adds events often). It keeps the whole JSON payload in <see cref="Raw"/>
/// (a standalone copy, safe to keep after the stream is disposed) and its wire name in <see cref="DifyStreamEvent.Event"/>.
/// </summary>
public sealed record UnknownEvent : DifyStreamEvent
{
    /// <summary>Creates an unknown event.</summary>
    /// <param name="eventName">The JSON <c>event</c> field (empty when the payload had none).</param>
    /// <param name="raw">The whole payload; it should not depend on a disposed <see cref="JsonDocument"/>.</param>
    public UnknownEvent(string eventName, JsonElement raw)
        : base(eventName)
    {
        Raw = raw;
    }

    /// <summary>The whole JSON payload of the <c>data:</c> field.</summary>
    public JsonElement Raw { get; }
}
