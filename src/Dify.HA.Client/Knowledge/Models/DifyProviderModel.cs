using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A model of a provider.</summary>
public sealed record DifyProviderModel
{
    /// <summary>The model name, e.g. <c>text-embedding-3-small</c>.</summary>
    public string? Model { get; init; }

    /// <summary>Display name.</summary>
    public DifyLocalizedText? Label { get; init; }

    /// <summary>e.g. <c>text-embedding</c>.</summary>
    public string? ModelType { get; init; }

    /// <summary>Features.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary><c>predefined-model</c> or <c>customizable-model</c>.</summary>
    public string? FetchFrom { get; init; }

    /// <summary>Properties, as sent.</summary>
    public JsonElement? ModelProperties { get; init; }

    /// <summary><c>active</c> when usable.</summary>
    public string? Status { get; init; }

    /// <summary>Whether deprecated.</summary>
    public bool? Deprecated { get; init; }

    /// <summary>Whether load balancing is on.</summary>
    public bool? LoadBalancingEnabled { get; init; }
}
