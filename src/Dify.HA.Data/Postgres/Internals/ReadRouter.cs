using NpgsqlTypes;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>
/// The routing decision table, a pure function of the topology snapshot, the caller's intent and token, and the clock
/// (so it is unit-tested with a fake clock):
/// <list type="bullet">
/// <item>Write, ReadPrimary → the primary (or NoPrimary).</item>
/// <item>Read → a standby whose sample is fresher than MaxSampleAge, whose lag is at most MaxReplicaLag and which has
/// replayed the token (round-robin among them); else, with a token and ReadYourWritesWait &gt; 0, a standby that only
/// misses the token, to wait on; else the primary, tagged with the reason the standbys were passed over.</item>
/// </list>
/// </summary>
internal static class ReadRouter
{
    public static RouteDecision Decide(
        DbIntent intent,
        TopologySnapshot topology,
        NpgsqlLogSequenceNumber? token,
        bool pinnedToPrimary,
        DateTimeOffset now,
        PostgresRoutingOptions options,
        uint roundRobin)
    {
        if (intent != DbIntent.Read)
        {
            return ToPrimary(topology, intent == DbIntent.Write ? RouteReason.Write : RouteReason.ReadPrimary);
        }

        if (!options.RouteReadsToStandbys) return ToPrimary(topology, RouteReason.StandbysDisabled);
        if (pinnedToPrimary) return ToPrimary(topology, RouteReason.PinnedToPrimary);

        Span<int> eligible = stackalloc int[Math.Min(topology.Samples.Count, 64)];
        var eligibleCount = 0;
        var waitCandidate = -1;
        var fallbackReason = RouteReason.NoStandby;

        for (var i = 0; i < topology.Samples.Count && i < eligible.Length; i++)
        {
            var sample = topology.Samples[i];
            if (sample.Role != PostgresHostRole.Standby) continue;

            if (sample.LastSuccessAt is not { } seen || now - seen > options.MaxSampleAge)
            {
                fallbackReason = Worse(fallbackReason, RouteReason.StandbyStale);
                continue;
            }

            if (sample.Lag is not { } lag || lag > options.MaxReplicaLag)
            {
                fallbackReason = Worse(fallbackReason, RouteReason.StandbyLagging);
                continue;
            }

            if (!LsnMath.HasReplayed(sample.WalLsn, token))
            {
                fallbackReason = Worse(fallbackReason, RouteReason.TokenNotReplayed);
                if (waitCandidate < 0) waitCandidate = i;
                continue;
            }

            eligible[eligibleCount++] = i;
        }

        if (eligibleCount > 0)
        {
            return new RouteDecision(RouteTarget.Standby, eligible[(int)(roundRobin % (uint)eligibleCount)], RouteReason.StandbyFresh);
        }

        if (waitCandidate >= 0 && options.ReadYourWritesWait > TimeSpan.Zero)
        {
            return new RouteDecision(RouteTarget.Standby, waitCandidate, RouteReason.StandbyWaitForReplay);
        }

        return ToPrimary(topology, fallbackReason);
    }

    private static RouteDecision ToPrimary(TopologySnapshot topology, RouteReason reason) =>
        topology.PrimaryIndex >= 0
            ? new RouteDecision(RouteTarget.Primary, topology.PrimaryIndex, reason)
            : new RouteDecision(RouteTarget.NoPrimary, -1, RouteReason.NoPrimary);

    // With several standbys the reported reason is the one closest to qualifying (token > lagging > stale).
    private static RouteReason Worse(RouteReason current, RouteReason candidate) =>
        current == RouteReason.NoStandby || Rank(candidate) > Rank(current) ? candidate : current;

    private static int Rank(RouteReason reason) => reason switch
    {
        RouteReason.TokenNotReplayed => 3,
        RouteReason.StandbyLagging => 2,
        RouteReason.StandbyStale => 1,
        _ => 0,
    };
}
