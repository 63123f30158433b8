namespace Dify.HA.Client;

/// <summary>How a document is cleaned and split.</summary>
public sealed record DifyProcessRule
{
    /// <summary><c>automatic</c>, <c>custom</c> or <c>hierarchical</c> (required by Dify when a rule is given).</summary>
    public string? Mode { get; init; }

    /// <summary>The custom rules (mode <c>custom</c>/<c>hierarchical</c>).</summary>
    public DifyProcessRules? Rules { get; init; }
}
