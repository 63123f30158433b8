namespace Dify.HA.Client.Api;

/// <summary>The answer of <c>GET /app/feedbacks</c>.</summary>
internal sealed record AppFeedbacksResult(IReadOnlyList<DifyAppFeedback>? Data);
