namespace Dify.HA.Client;

/// <summary>A cleaning step.</summary>
public sealed record DifyPreProcessingRule
{
    /// <summary><c>remove_stopwords</c>, <c>remove_extra_spaces</c> or <c>remove_urls_emails</c>.</summary>
    public string? Id { get; init; }

    /// <summary>Whether the step runs.</summary>
    public bool Enabled { get; init; }
}
