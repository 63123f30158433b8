using System.Runtime.CompilerServices;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>Walks Dify's page-numbered lists (<c>page</c> / <c>limit</c> / <c>has_more</c>).</summary>
internal static class KnowledgePaging
{
    /// <summary>Dify answers at most this many pages before we suspect a server that ignores <c>page</c> and stop.</summary>
    internal const int MaxPages = 100_000;

    public static async IAsyncEnumerable<T> WalkAsync<T>(
        Func<int, CancellationToken, Task<DifyNumberedPage<T>>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var result = await fetch(page, cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Data) yield return item;
            // An empty page ends the walk even if has_more says otherwise: a server that keeps saying has_more with
            // nothing in it would otherwise loop forever.
            if (!result.HasMore || result.Data.Count == 0) yield break;
        }
    }
}
