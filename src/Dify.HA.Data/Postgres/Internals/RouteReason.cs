namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Why a routing decision went where it did (the metric's reason tag).</summary>
internal enum RouteReason
{
    Write = 0,
    ReadPrimary,
    StandbyFresh,
    StandbyWaitForReplay,
    StandbysDisabled,
    PinnedToPrimary,
    NoStandby,
    StandbyStale,
    StandbyLagging,
    TokenNotReplayed,
    NoPrimary,
}
