namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>A body with a name only (tag create, metadata rename).</summary>
internal sealed record NameBody(string Name);
