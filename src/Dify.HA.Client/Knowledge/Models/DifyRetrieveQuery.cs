namespace Dify.HA.Client;

/// <summary>The query of a retrieve.</summary>
public sealed record DifyRetrieveQuery
{
    /// <summary>The query text.</summary>
    public string? Content { get; init; }
}
