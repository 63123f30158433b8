namespace Dify.HA.Data.Tasks.Internals;

/// <summary>Exponential backoff with full jitter: a random delay in [0, min(max, base × 2^(attempt−1))].</summary>
internal static class TaskBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        // Full jitter spreads the retries of tasks that failed together (a downstream outage) over the whole window.
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var cap = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(random.NextDouble() * cap));
    }
}
