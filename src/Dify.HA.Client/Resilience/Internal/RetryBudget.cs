namespace Dify.HA.Client.Resilience.Internal;

/// <summary>
/// Allows retries up to <c>ratio × requests + floor × window seconds</c> over a sliding window (ten buckets), so that
/// during an outage the retries add at most <c>ratio</c> of the load, while a low-traffic app still gets its floor.
/// </summary>
internal sealed class RetryBudget
{
    private const int Buckets = 10;
    private readonly double _ratio;
    private readonly double _floor;
    private readonly long _bucketTicks;
    private readonly TimeProvider _time;
    private readonly long[] _requests = new long[Buckets];
    private readonly long[] _retries = new long[Buckets];
    private readonly long[] _bucketIndex = new long[Buckets];
    private readonly Lock _lock = new();

    public RetryBudget(double ratio, double minRetriesPerSecond, TimeSpan window, TimeProvider timeProvider)
    {
        _ratio = ratio;
        _floor = minRetriesPerSecond * window.TotalSeconds;
        _bucketTicks = Math.Max(1, window.Ticks / Buckets);
        _time = timeProvider;
    }

    public void RecordRequest() => RecordRequest(_time.GetTimestamp());

    /// <summary>Counts a request that started at <paramref name="timestamp"/> (the TimeProvider's <c>GetTimestamp</c>, read by
    /// the caller anyway: saves a clock read per call).</summary>
    public void RecordRequest(long timestamp)
    {
        lock (_lock)
        {
            _requests[Current(timestamp)]++;
        }
    }

    /// <summary>Takes one retry from the budget; false when it is spent.</summary>
    public bool TryConsumeRetry()
    {
        lock (_lock)
        {
            var current = Current(_time.GetTimestamp());
            long requests = 0, retries = 0;
            for (var i = 0; i < Buckets; i++)
            {
                requests += _requests[i];
                retries += _retries[i];
            }
            if (retries + 1 > (_ratio * requests) + _floor) return false;
            _retries[current]++;
            return true;
        }
    }

    private int Current(long timestamp)
    {
        // Timestamp → TimeSpan ticks (the frequency is 10^9 on Linux, 10^7 on FakeTimeProvider).
        var ticks = (long)(timestamp * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
        var index = ticks / _bucketTicks;
        var slot = (int)(index % Buckets);
        if (_bucketIndex[slot] != index)
        {
            // The slot held an older bucket: clear it (and any skipped ones expire as their slots come round).
            for (var i = 0; i < Buckets; i++)
            {
                if (index - _bucketIndex[i] >= Buckets)
                {
                    _requests[i] = 0;
                    _retries[i] = 0;
                }
            }
            _bucketIndex[slot] = index;
            _requests[slot] = 0;
            _retries[slot] = 0;
        }
        return slot;
    }
}
