namespace Dify.HA.Client.Api;

/// <summary>A body holding only the end user (stop, delete conversation).</summary>
internal sealed record UserBody(string? User);
