namespace Dify.HA.Client.Resilience.Internal;

/// <summary>Exponential backoff with full jitter (uniform in [0, min(max, base × 2^(retry-1))]).</summary>
internal static class Backoff
{
    public static TimeSpan Compute(int retry, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        if (retry < 1 || baseDelay <= TimeSpan.Zero) return TimeSpan.Zero;
        var exponent = Math.Min(retry - 1, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)(random.NextDouble() * ceiling));
    }
}
