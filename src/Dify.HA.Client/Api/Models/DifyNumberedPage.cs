namespace Dify.HA.Client;

/// <summary>A page of a page-numbered list (annotations, workflow logs).</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record DifyNumberedPage<T>
{
    /// <summary>The 1-based page number.</summary>
    public int? Page { get; init; }

    /// <summary>The page size.</summary>
    public int? Limit { get; init; }

    /// <summary>The number of matching items in all pages.</summary>
    public int? Total { get; init; }

    /// <summary>Whether later pages exist.</summary>
    public bool HasMore { get; init; }

    /// <summary>The items.</summary>
    public IReadOnlyList<T> Data { get; init; } = [];
}
