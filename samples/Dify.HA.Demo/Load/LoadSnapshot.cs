namespace Dify.HA.Demo.Load;

/// <summary>The load's figures at one moment: over the recent window (what the live view shows) and since the start.</summary>
internal readonly record struct LoadSnapshot(
    double RequestsPerSecond,
    double? RecentSuccess,
    double? RecentP99Ms,
    int Completed,
    int Succeeded,
    int InFlight)
{
    public double? Success => Completed == 0 ? null : (double)Succeeded / Completed;
}
