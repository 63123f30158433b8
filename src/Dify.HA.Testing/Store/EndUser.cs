namespace Dify.HA.Testing.Store;

/// <summary>An end user of an app, created on the first call that names it (Dify's <c>end_users</c> row).</summary>
internal sealed class EndUser
{
    public required Guid Id { get; init; }

    public required Guid AppId { get; init; }

    public required string ExternalUserId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
