namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of the child-chunk create and update calls.</summary>
internal sealed record ContentBody(string Content);
