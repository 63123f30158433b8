namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>The request body a hand-written integration sends (plain and standard-handler baselines).</summary>
internal sealed record PlainChatRequest(IReadOnlyDictionary<string, object?> Inputs, string Query, string ResponseMode, string User);
