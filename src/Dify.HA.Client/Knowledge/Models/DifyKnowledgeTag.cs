namespace Dify.HA.Client;

/// <summary>A knowledge tag.</summary>
public sealed record DifyKnowledgeTag
{
    /// <summary>The tag id.</summary>
    public string? Id { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>Always <c>knowledge</c> here.</summary>
    public string? Type { get; init; }

    /// <summary>How many datasets carry it (Dify sends a string).</summary>
    public string? BindingCount { get; init; }
}
