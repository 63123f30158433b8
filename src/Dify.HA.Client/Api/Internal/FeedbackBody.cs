using System.Text.Json.Serialization;

namespace Dify.HA.Client.Api;

/// <summary>The body of <c>POST /messages/{id}/feedbacks</c>; a null rating is sent as <c>null</c> to revoke.</summary>
internal sealed record FeedbackBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DifyFeedbackRating? Rating,
    string User,
    string? Content);
