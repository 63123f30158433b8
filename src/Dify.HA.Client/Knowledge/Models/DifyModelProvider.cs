namespace Dify.HA.Client;

/// <summary>A model provider and its models of one type.</summary>
public sealed record DifyModelProvider
{
    /// <summary>The provider id, e.g. <c>openai</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>Display name.</summary>
    public DifyLocalizedText? Label { get; init; }

    /// <summary>Icon URLs.</summary>
    public DifyLocalizedText? IconSmall { get; init; }

    /// <summary><c>active</c> when configured.</summary>
    public string? Status { get; init; }

    /// <summary>Its models.</summary>
    public IReadOnlyList<DifyProviderModel> Models { get; init; } = [];

    /// <summary>The workspace.</summary>
    public string? TenantId { get; init; }
}
