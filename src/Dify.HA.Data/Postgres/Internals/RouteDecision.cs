namespace Dify.HA.Data.Postgres.Internals;

/// <summary>The outcome of <see cref="ReadRouter.Decide"/>.</summary>
/// <param name="Target">Primary, a standby, or no primary known.</param>
/// <param name="HostIndex">The chosen host (the primary's or the standby's), -1 with <see cref="RouteTarget.NoPrimary"/>.</param>
/// <param name="Reason">Why.</param>
internal readonly record struct RouteDecision(RouteTarget Target, int HostIndex, RouteReason Reason)
{
    public bool WaitForReplay => Reason == RouteReason.StandbyWaitForReplay;
}
