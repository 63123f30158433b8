using System.Text.Json.Serialization;

namespace Dify.HA.Data.Tasks.Redis.Internals;

/// <summary>
/// A <see cref="TaskAttemptError"/> as stored in a task hash (field <c>eN</c>). Short names, because the lease script
/// writes the <c>lease_expired</c> ones itself with <c>cjson</c>.
/// </summary>
internal sealed record StoredTaskError
{
    [JsonPropertyName("a")]
    public int Attempt { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("t")]
    public long AtMs { get; init; }

    [JsonPropertyName("y")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("m")]
    public string Message { get; init; } = string.Empty;

    [JsonPropertyName("p")]
    public bool Permanent { get; init; }

    public static StoredTaskError From(TaskAttemptError error) => new()
    {
        Attempt = error.Attempt,
        AtMs = error.At.ToUnixTimeMilliseconds(),
        Type = error.Type,
        Message = error.Message,
        Permanent = error.Permanent,
    };

    public TaskAttemptError ToError() => new()
    {
        Attempt = Attempt,
        At = DateTimeOffset.FromUnixTimeMilliseconds(AtMs),
        Type = Type,
        Message = Message,
        Permanent = Permanent,
    };
}
