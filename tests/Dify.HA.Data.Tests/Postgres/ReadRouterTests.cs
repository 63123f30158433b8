using Dify.HA.Data.Postgres;
using Dify.HA.Data.Postgres.Internals;
using Microsoft.Extensions.Time.Testing;
using NpgsqlTypes;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class ReadRouterTests
{
    private static readonly PostgresEndpoint[] Endpoints = [new("pg-a", 5432), new("pg-b", 5432), new("pg-c", 5432)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly PostgresRoutingOptions _options = new()
    {
        ConnectionString = "Host=pg-a,pg-b,pg-c",
        MaxReplicaLag = TimeSpan.FromSeconds(1),
        MaxSampleAge = TimeSpan.FromSeconds(3),
    };

    private static NpgsqlLogSequenceNumber L(string text) => NpgsqlLogSequenceNumber.Parse(text);

    private HostSample Primary(string lsn = "0/1000") => new(PostgresHostRole.Primary, L(lsn), null, null, _time.GetUtcNow(), _time.GetUtcNow(), null);

    private HostSample Standby(TimeSpan lag, string replayed = "0/1000", TimeSpan? sampleAge = null)
    {
        var at = _time.GetUtcNow() - (sampleAge ?? TimeSpan.Zero);
        return new HostSample(PostgresHostRole.Standby, L(replayed), lag, 0, at, at, null);
    }

    private TopologySnapshot Topology(int primary, params HostSample[] samples) =>
        new(Endpoints[..samples.Length], samples, primary, 1, _time.GetUtcNow(), discovered: true);

    private RouteDecision Decide(DbIntent intent, TopologySnapshot topology, string? token = null, bool pinned = false, uint rr = 0) =>
        ReadRouter.Decide(intent, topology, token is null ? null : L(token), pinned, _time.GetUtcNow(), _options, rr);

    [Fact]
    public void Writes_go_to_the_primary_even_when_a_standby_is_fresh()
    {
        var decision = Decide(DbIntent.Write, Topology(0, Primary(), Standby(TimeSpan.Zero)));
        Assert.Equal(new RouteDecision(RouteTarget.Primary, 0, RouteReason.Write), decision);
    }

    [Fact]
    public void Primary_reads_go_to_the_primary()
    {
        Assert.Equal(RouteTarget.Primary, Decide(DbIntent.ReadPrimary, Topology(1, Standby(TimeSpan.Zero), Primary())).Target);
        Assert.Equal(1, Decide(DbIntent.ReadPrimary, Topology(1, Standby(TimeSpan.Zero), Primary())).HostIndex);
    }

    [Fact]
    public void Reads_go_to_a_standby_within_the_lag_bound()
    {
        var decision = Decide(DbIntent.Read, Topology(0, Primary(), Standby(TimeSpan.FromMilliseconds(900))));
        Assert.Equal(new RouteDecision(RouteTarget.Standby, 1, RouteReason.StandbyFresh), decision);
    }

    [Fact]
    public void Reads_go_to_the_primary_when_the_standby_lags_over_the_bound()
    {
        var decision = Decide(DbIntent.Read, Topology(0, Primary(), Standby(TimeSpan.FromMilliseconds(1001))));
        Assert.Equal(new RouteDecision(RouteTarget.Primary, 0, RouteReason.StandbyLagging), decision);
    }

    [Fact]
    public void A_standby_whose_last_sample_is_too_old_is_not_used()
    {
        var topology = Topology(0, Primary(), Standby(TimeSpan.Zero));
        Assert.Equal(RouteTarget.Standby, Decide(DbIntent.Read, topology).Target);

        _time.Advance(TimeSpan.FromSeconds(3.5)); // no new sample since: the monitor stalled or the host went silent
        Assert.Equal(new RouteDecision(RouteTarget.Primary, 0, RouteReason.StandbyStale), Decide(DbIntent.Read, topology));
    }

    [Fact]
    public void A_read_your_writes_token_not_replayed_goes_to_the_primary()
    {
        var topology = Topology(0, Primary("0/2000"), Standby(TimeSpan.Zero, replayed: "0/1000"));
        Assert.Equal(new RouteDecision(RouteTarget.Primary, 0, RouteReason.TokenNotReplayed), Decide(DbIntent.Read, topology, token: "0/1800"));
        Assert.Equal(RouteTarget.Standby, Decide(DbIntent.Read, topology, token: "0/1000").Target);
        Assert.Equal(RouteTarget.Standby, Decide(DbIntent.Read, topology, token: "0/F00").Target);
    }

    [Fact]
    public void With_a_bounded_wait_the_token_read_waits_on_the_standby()
    {
        _options.ReadYourWritesWait = TimeSpan.FromMilliseconds(200);
        var topology = Topology(0, Primary("0/2000"), Standby(TimeSpan.Zero, replayed: "0/1000"));
        var decision = Decide(DbIntent.Read, topology, token: "0/1800");
        Assert.Equal(new RouteDecision(RouteTarget.Standby, 1, RouteReason.StandbyWaitForReplay), decision);
        Assert.True(decision.WaitForReplay);
    }

    [Fact]
    public void A_lagging_standby_is_not_waited_on_even_with_a_bounded_wait()
    {
        _options.ReadYourWritesWait = TimeSpan.FromMilliseconds(200);
        var topology = Topology(0, Primary("0/2000"), Standby(TimeSpan.FromSeconds(5), replayed: "0/1000"));
        Assert.Equal(RouteReason.StandbyLagging, Decide(DbIntent.Read, topology, token: "0/1800").Reason);
    }

    [Fact]
    public void A_pinned_session_and_disabled_standby_reads_go_to_the_primary()
    {
        var topology = Topology(0, Primary(), Standby(TimeSpan.Zero));
        Assert.Equal(RouteReason.PinnedToPrimary, Decide(DbIntent.Read, topology, pinned: true).Reason);
        _options.RouteReadsToStandbys = false;
        Assert.Equal(RouteReason.StandbysDisabled, Decide(DbIntent.Read, topology).Reason);
    }

    [Fact]
    public void Reads_spread_round_robin_over_qualifying_standbys_only()
    {
        var topology = Topology(0, Primary(), Standby(TimeSpan.Zero), Standby(TimeSpan.FromMilliseconds(100)));
        var targets = Enumerable.Range(0, 4).Select(i => Decide(DbIntent.Read, topology, rr: (uint)i).HostIndex).ToArray();
        Assert.Equal([1, 2, 1, 2], targets);

        var oneLagging = Topology(0, Primary(), Standby(TimeSpan.FromSeconds(10)), Standby(TimeSpan.Zero));
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(2, Decide(DbIntent.Read, oneLagging, rr: (uint)i).HostIndex));
    }

    [Fact]
    public void Hosts_marked_unknown_or_unreachable_are_not_read_from()
    {
        var unknown = Standby(TimeSpan.Zero) with { Role = PostgresHostRole.Unknown };
        var unreachable = Standby(TimeSpan.Zero) with { Role = PostgresHostRole.Unreachable };
        Assert.Equal(new RouteDecision(RouteTarget.Primary, 0, RouteReason.NoStandby), Decide(DbIntent.Read, Topology(0, Primary(), unknown, unreachable)));
    }

    [Fact]
    public void Without_a_primary_writes_wait_but_reads_still_use_a_fresh_standby()
    {
        var topology = Topology(-1, Primary() with { Role = PostgresHostRole.Unknown }, Standby(TimeSpan.Zero));
        Assert.Equal(new RouteDecision(RouteTarget.NoPrimary, -1, RouteReason.NoPrimary), Decide(DbIntent.Write, topology));
        Assert.Equal(RouteTarget.Standby, Decide(DbIntent.Read, topology).Target);
        Assert.Equal(RouteTarget.NoPrimary, Decide(DbIntent.Read, Topology(-1, Primary() with { Role = PostgresHostRole.Unknown }, Standby(TimeSpan.FromSeconds(9)))).Target);
    }

    [Fact]
    public void Zero_max_lag_accepts_only_a_caught_up_standby()
    {
        _options.MaxReplicaLag = TimeSpan.Zero;
        Assert.Equal(RouteTarget.Standby, Decide(DbIntent.Read, Topology(0, Primary(), Standby(TimeSpan.Zero))).Target);
        Assert.Equal(RouteTarget.Primary, Decide(DbIntent.Read, Topology(0, Primary(), Standby(TimeSpan.FromMilliseconds(1)))).Target);
    }
}
