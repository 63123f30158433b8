namespace Dify.HA.Client;

/// <summary>A page of a cursor-paged list (conversations, messages, conversation variables).</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record DifyPage<T>
{
    /// <summary>The page size the server applied.</summary>
    public int? Limit { get; init; }

    /// <summary>Whether more items exist beyond this page (older messages; further conversations or variables).</summary>
    public bool HasMore { get; init; }

    /// <summary>The items.</summary>
    public IReadOnlyList<T> Data { get; init; } = [];
}
