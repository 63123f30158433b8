namespace Dify.HA.Client;

/// <summary>A chunk to add with <c>Segments.CreateAsync</c>.</summary>
public sealed record SegmentInput
{
    /// <summary>The text (required).</summary>
    public string? Content { get; init; }

    /// <summary>The answer (Q&amp;A documents).</summary>
    public string? Answer { get; init; }

    /// <summary>Keywords.</summary>
    public IReadOnlyList<string>? Keywords { get; init; }

    /// <summary>Attached files.</summary>
    public IReadOnlyList<string>? AttachmentIds { get; init; }
}
