using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>A rating of a message; pass null instead to revoke an earlier one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DifyFeedbackRating>))]
public enum DifyFeedbackRating
{
    /// <summary><c>like</c>.</summary>
    [JsonStringEnumMemberName("like")] Like,
    /// <summary><c>dislike</c>.</summary>
    [JsonStringEnumMemberName("dislike")] Dislike,
}
