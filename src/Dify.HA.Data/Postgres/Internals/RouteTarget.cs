namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Where a routing decision sends a caller.</summary>
internal enum RouteTarget
{
    Primary = 0,
    Standby,

    /// <summary>No writable primary is known: the caller must wait for re-discovery.</summary>
    NoPrimary,
}
