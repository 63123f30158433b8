namespace Dify.HA.Client;

/// <summary>The <c>metadata</c> of a <c>message_end</c> event or of a blocking chat/completion response.</summary>
public sealed record DifyMessageMetadata
{
    /// <summary>Model usage and price.</summary>
    public DifyUsage? Usage { get; init; }

    /// <summary>Citations used for the answer (empty or null when none).</summary>
    public IReadOnlyList<DifyRetrieverResource>? RetrieverResources { get; init; }
}
