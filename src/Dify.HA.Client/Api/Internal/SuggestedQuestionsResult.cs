namespace Dify.HA.Client.Api;

/// <summary>The answer of <c>GET /messages/{id}/suggested</c>.</summary>
internal sealed record SuggestedQuestionsResult(string? Result, IReadOnlyList<string>? Data);
