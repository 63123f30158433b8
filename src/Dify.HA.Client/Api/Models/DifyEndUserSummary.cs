namespace Dify.HA.Client;

/// <summary>An end user as listed in workflow logs.</summary>
public sealed record DifyEndUserSummary
{
    /// <summary>The end user's id.</summary>
    public string? Id { get; init; }

    /// <summary>The end user type, e.g. <c>service-api</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Whether the end user is anonymous.</summary>
    public bool? IsAnonymous { get; init; }

    /// <summary>The session id (the <c>user</c> your calls pass).</summary>
    public string? SessionId { get; init; }
}
