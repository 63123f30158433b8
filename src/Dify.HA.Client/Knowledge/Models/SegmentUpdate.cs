namespace Dify.HA.Client;

/// <summary>Changes to a chunk: null members are left unchanged.</summary>
public sealed record SegmentUpdate
{
    /// <summary>New text.</summary>
    public string? Content { get; init; }

    /// <summary>New answer.</summary>
    public string? Answer { get; init; }

    /// <summary>New keywords.</summary>
    public IReadOnlyList<string>? Keywords { get; init; }

    /// <summary>Enable or disable it.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Re-split its child chunks (hierarchical documents).</summary>
    public bool? RegenerateChildChunks { get; init; }

    /// <summary>Attached files.</summary>
    public IReadOnlyList<string>? AttachmentIds { get; init; }
}
