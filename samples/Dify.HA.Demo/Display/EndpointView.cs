namespace Dify.HA.Demo.Display;

/// <summary>How one endpoint looks right now: its id, its state ("healthy", "ejected", "breaker open"…), the same in
/// one word for plain lines, and whether that is good.</summary>
internal readonly record struct EndpointView(string Id, string State, string Short, EndpointMood Mood);
