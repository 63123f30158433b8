using System.Collections.Concurrent;

namespace Dify.HA.Chaos.Load;

/// <summary>
/// Counts the generations each logical call caused on the emulators. Every call sends a unique query (chat) or
/// <c>inputs.query</c> (workflow); the emulator asks the app's <c>AnswerFactory</c> for the answer exactly once per
/// generation it starts, on any endpoint of any region, so the factory is our per-call counter.
/// </summary>
internal sealed class GenerationLedger
{
    private readonly ConcurrentDictionary<string, int> _byQuery = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    /// <summary>The AnswerFactory hook: records and returns null so the emulator generates its usual answer.</summary>
    public string? Record(string query)
    {
        _byQuery.AddOrUpdate(query, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        return null;
    }

    /// <summary>Σ over calls of (generations started for the call − 1), for calls that started at least one.</summary>
    public long Duplicates => _byQuery.Values.Sum(n => (long)Math.Max(0, n - 1));
}
