namespace Dify.HA.WebApi.Chat;

/// <summary>Token usage of an answer, from Dify's <c>message_end</c>.</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="CompletionTokens">Tokens of the answer.</param>
/// <param name="TotalTokens">Both.</param>
/// <param name="TotalPrice">Price, in <paramref name="Currency"/>.</param>
/// <param name="Currency">Currency of the price.</param>
/// <param name="LatencySeconds">Dify's own latency figure.</param>
public sealed record ChatUsage(long? PromptTokens, long? CompletionTokens, long? TotalTokens, decimal? TotalPrice, string? Currency, double? LatencySeconds);
