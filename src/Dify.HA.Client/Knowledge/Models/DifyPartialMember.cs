namespace Dify.HA.Client;

/// <summary>A workspace member allowed to use a <c>partial_members</c> dataset.</summary>
public sealed record DifyPartialMember
{
    /// <summary>The member's account id.</summary>
    public string? UserId { get; init; }
}
