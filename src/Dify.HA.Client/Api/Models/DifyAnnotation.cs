namespace Dify.HA.Client;

/// <summary>An annotation: a question and the answer Dify gives when a query matches it.</summary>
public sealed record DifyAnnotation
{
    /// <summary>The annotation's id.</summary>
    public string? Id { get; init; }

    /// <summary>The question.</summary>
    public string? Question { get; init; }

    /// <summary>The answer.</summary>
    public string? Answer { get; init; }

    /// <summary>How often it answered.</summary>
    public int? HitCount { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
