namespace Dify.HA.Client;

/// <summary>What a retrieve (hit test) found.</summary>
public sealed record DifyRetrieveResult
{
    /// <summary>The query as Dify read it.</summary>
    public DifyRetrieveQuery? Query { get; init; }

    /// <summary>The chunks found, best first.</summary>
    public IReadOnlyList<DifyRetrieveRecord> Records { get; init; } = [];
}
