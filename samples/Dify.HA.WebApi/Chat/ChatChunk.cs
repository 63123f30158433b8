namespace Dify.HA.WebApi.Chat;

/// <summary>SSE <c>chunk</c> (a piece of the answer, to append) or <c>replace</c> (the whole answer so far, to show
/// instead: Dify's moderation replaced it).</summary>
/// <param name="Text">The text.</param>
public sealed record ChatChunk(string Text);
