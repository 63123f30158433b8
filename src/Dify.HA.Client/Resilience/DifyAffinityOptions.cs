namespace Dify.HA.Client;

/// <summary>
/// Pins conversations, tasks and workflow runs to the region that created them (bound at
/// <c>Dify:Clients:&lt;name&gt;:Resilience:Affinity</c>).
/// </summary>
public sealed class DifyAffinityOptions
{
    /// <summary>Most pins kept (conversations + tasks + runs); the oldest are dropped beyond it. Default 10 000; range 16 to 10 000 000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>How long a pin lives after its last use. Default 1 h; range 1 s to 30 days.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>What a pinned call does when its region has no available endpoint. Default <see cref="DifyPinnedRegionDownBehavior.Fail"/>.</summary>
    public DifyPinnedRegionDownBehavior OnPinnedRegionDown { get; set; } = DifyPinnedRegionDownBehavior.Fail;
}
