namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>reasoning_chunk</c>: a chain-of-thought delta, parallel to the answer stream.</summary>
public sealed record DifyReasoningChunkData
{
    /// <summary>The message this reasoning belongs to (chat apps).</summary>
    public string? MessageId { get; init; }

    /// <summary>The reasoning delta; concatenate consecutive chunks.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The LLM node producing it.</summary>
    public string? NodeId { get; init; }

    /// <summary>True at the end of a node's reasoning phase (may come with an empty <see cref="Reasoning"/>).</summary>
    public bool IsFinal { get; init; }
}
