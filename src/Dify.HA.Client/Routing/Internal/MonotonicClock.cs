namespace Dify.HA.Client.Routing;

/// <summary>Monotonic time in <see cref="TimeSpan"/> ticks from a <see cref="TimeProvider"/>'s timestamps (wall-clock jumps
/// must not end a break or an ejection early).</summary>
internal static class MonotonicClock
{
    public static long NowTicks(TimeProvider time)
    {
        var stamp = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        return frequency == TimeSpan.TicksPerSecond
            ? stamp
            : (long)(stamp * ((double)TimeSpan.TicksPerSecond / frequency));
    }
}
