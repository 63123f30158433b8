using System.Collections.Concurrent;

namespace Dify.HA.Demo.Emulation;

/// <summary>
/// Counts the generations the emulator starts per query. Every call of the demo sends a unique query, and the emulator
/// asks the app's <c>AnswerFactory</c> once per generation it starts (on any endpoint, in any region), so a query seen
/// twice is a generation paid twice: the "duplicate generations" of the summary.
/// </summary>
internal sealed class GenerationLedger
{
    private readonly ConcurrentDictionary<string, int> _byQuery = new(StringComparer.Ordinal);

    /// <summary>The AnswerFactory hook: records, and returns null so the emulator generates its usual answer.</summary>
    public string? Record(string query)
    {
        _byQuery.AddOrUpdate(query, 1, static (_, n) => n + 1);
        return null;
    }

    /// <summary>Σ (generations − 1) over the queries that start with <paramref name="prefix"/> (one client's calls).</summary>
    public long Duplicates(string prefix) =>
        _byQuery.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(p => (long)Math.Max(0, p.Value - 1));
}
