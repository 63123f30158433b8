namespace Dify.HA.Client;

/// <summary>Whether an app feature is on.</summary>
public sealed record DifyFeatureToggle
{
    /// <summary>True when the feature is enabled.</summary>
    public bool Enabled { get; init; }
}
