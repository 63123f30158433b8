namespace Dify.HA.Client;

/// <summary>An end user (<c>GET /end-users/{end_user_id}</c>).</summary>
public sealed record DifyEndUser
{
    /// <summary>The end user's id.</summary>
    public string? Id { get; init; }

    /// <summary>The tenant's id.</summary>
    public string? TenantId { get; init; }

    /// <summary>The app's id.</summary>
    public string? AppId { get; init; }

    /// <summary>Always <c>service-api</c> for Service API users.</summary>
    public string? Type { get; init; }

    /// <summary>The <c>user</c> your calls passed.</summary>
    public string? ExternalUserId { get; init; }

    /// <summary>The end user's name.</summary>
    public string? Name { get; init; }

    /// <summary>Whether the calls passed no user.</summary>
    public bool? IsAnonymous { get; init; }

    /// <summary>The session id (defaults to <see cref="ExternalUserId"/>).</summary>
    public string? SessionId { get; init; }

    /// <summary>When the end user was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the end user was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
