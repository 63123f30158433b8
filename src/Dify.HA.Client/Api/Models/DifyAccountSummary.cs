namespace Dify.HA.Client;

/// <summary>A Dify console account.</summary>
public sealed record DifyAccountSummary
{
    /// <summary>The account's id.</summary>
    public string? Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; init; }
}
