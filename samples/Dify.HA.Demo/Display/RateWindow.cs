namespace Dify.HA.Demo.Display;

/// <summary>
/// Per-key rates from monotonically growing counts, over the last ~1.5 s of samples: the display refreshes 4×/s and a
/// 250 ms rate at a few calls a second would flicker between 0 and 8.
/// </summary>
internal sealed class RateWindow
{
    private static readonly TimeSpan Span = TimeSpan.FromSeconds(1.5);
    private readonly Queue<(long Timestamp, Dictionary<string, long> Counts)> _samples = new();
    private readonly TimeProvider _time;

    public RateWindow(TimeProvider time) => _time = time;

    public Dictionary<string, double> Sample(IReadOnlyDictionary<string, long> counts)
    {
        var now = _time.GetTimestamp();
        _samples.Enqueue((now, new Dictionary<string, long>(counts, StringComparer.Ordinal)));
        while (_samples.Count > 2 && _time.GetElapsedTime(_samples.Peek().Timestamp, now) > Span)
            _samples.Dequeue();
        var (oldest, before) = _samples.Peek();
        var seconds = _time.GetElapsedTime(oldest, now).TotalSeconds;
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, count) in counts)
            rates[key] = seconds <= 0 ? 0 : (count - before.GetValueOrDefault(key)) / seconds;
        return rates;
    }
}
