namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>text_chunk</c> and <c>text_replace</c>.</summary>
public sealed record DifyTextChunkData
{
    /// <summary>The text (a delta for <c>text_chunk</c>, the whole replacement for <c>text_replace</c>).</summary>
    public string? Text { get; init; }

    /// <summary>Path of the workflow variable the text comes from.</summary>
    public IReadOnlyList<string>? FromVariableSelector { get; init; }
}
