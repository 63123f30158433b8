namespace Dify.HA.Client;

/// <summary>Custom cleaning and splitting rules.</summary>
public sealed record DifyProcessRules
{
    /// <summary>Cleaning steps.</summary>
    public IReadOnlyList<DifyPreProcessingRule>? PreProcessingRules { get; init; }

    /// <summary>How to split into chunks.</summary>
    public DifySegmentationRule? Segmentation { get; init; }

    /// <summary>Hierarchical: <c>full-doc</c> or <c>paragraph</c>.</summary>
    public string? ParentMode { get; init; }

    /// <summary>Hierarchical: how to split child chunks.</summary>
    public DifySegmentationRule? SubchunkSegmentation { get; init; }
}
