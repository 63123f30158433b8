namespace Dify.HA.Data.Postgres.Internals;

/// <summary>The router's whole view of the cluster at one moment (immutable; replaced, never changed).</summary>
internal sealed class TopologySnapshot
{
    public TopologySnapshot(IReadOnlyList<PostgresEndpoint> endpoints, IReadOnlyList<HostSample> samples, int primaryIndex, long generation, DateTimeOffset roundStartedAt, bool discovered)
    {
        Endpoints = endpoints;
        Samples = samples;
        PrimaryIndex = primaryIndex;
        Generation = generation;
        RoundStartedAt = roundStartedAt;
        Discovered = discovered;
    }

    public IReadOnlyList<PostgresEndpoint> Endpoints { get; }

    /// <summary>One sample per endpoint, same order.</summary>
    public IReadOnlyList<HostSample> Samples { get; }

    /// <summary>The writable primary's index, or -1 when none is known (failover in progress, split brain refused).</summary>
    public int PrimaryIndex { get; }

    /// <summary>Increases with every change (probe round, host marked unknown).</summary>
    public long Generation { get; }

    /// <summary>When the probe round behind this snapshot started: a round that started after a failure reflects it.</summary>
    public DateTimeOffset RoundStartedAt { get; }

    /// <summary>False until the first probe round completed.</summary>
    public bool Discovered { get; }

    public TopologySnapshot With(IReadOnlyList<HostSample> samples, int primaryIndex, DateTimeOffset roundStartedAt) =>
        new(Endpoints, samples, primaryIndex, Generation + 1, roundStartedAt, discovered: true);
}
