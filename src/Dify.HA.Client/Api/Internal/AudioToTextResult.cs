namespace Dify.HA.Client.Api;

/// <summary>The answer of <c>POST /audio-to-text</c>.</summary>
internal sealed record AudioToTextResult(string? Text);
