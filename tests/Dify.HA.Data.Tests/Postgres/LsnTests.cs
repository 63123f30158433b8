using Dify.HA.Data.Postgres.Internals;
using NpgsqlTypes;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class LsnTests
{
    private static NpgsqlLogSequenceNumber L(string text) => NpgsqlLogSequenceNumber.Parse(text);

    [Theory]
    [InlineData("0/16B3748", "0/16B3748", true)]
    [InlineData("0/16B3749", "0/16B3748", true)]
    [InlineData("0/16B3747", "0/16B3748", false)]
    [InlineData("1/0", "0/FFFFFFFF", true)] // the high half counts first: not a string comparison
    [InlineData("0/FFFFFFFF", "1/0", false)]
    [InlineData("A/0", "9/FFFFFFFF", true)]
    public void A_standby_has_replayed_a_token_when_its_position_is_at_or_past_it(string replayed, string token, bool expected)
    {
        Assert.Equal(expected, LsnMath.HasReplayed(L(replayed), L(token)));
    }

    [Fact]
    public void No_token_is_always_replayed_and_an_unknown_position_never_is()
    {
        Assert.True(LsnMath.HasReplayed(null, null));
        Assert.True(LsnMath.HasReplayed(L("0/1"), null));
        Assert.False(LsnMath.HasReplayed(null, L("0/1")));
    }

    [Fact]
    public void Bytes_behind_is_the_distance_and_never_negative()
    {
        Assert.Equal(0x100000000L, LsnMath.BytesBehind(L("1/0"), L("0/0")));
        Assert.Equal(16, LsnMath.BytesBehind(L("0/20"), L("0/10")));
        Assert.Equal(0, LsnMath.BytesBehind(L("0/10"), L("0/20")));
    }

    [Fact]
    public void A_session_keeps_the_latest_token()
    {
        Assert.Equal(L("1/0"), LsnMath.Max(L("0/FFFFFFFF"), L("1/0")));
        Assert.Equal(L("0/5"), LsnMath.Max(null, L("0/5")));
        Assert.Null(LsnMath.Max(null, null));
    }

    [Fact]
    public void Lag_is_the_age_of_the_oldest_primary_position_not_replayed()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new PrimaryLsnHistory();
        history.Add(t0, L("0/100"));
        history.Add(t0.AddSeconds(1), L("0/200"));
        history.Add(t0.AddSeconds(2), L("0/300"));
        var now = t0.AddSeconds(2.5);

        Assert.Equal(TimeSpan.Zero, history.LagOf(L("0/300"), now));          // has everything sampled
        Assert.Equal(TimeSpan.FromSeconds(0.5), history.LagOf(L("0/2FF"), now)); // misses what the primary had 0.5 s ago
        Assert.Equal(TimeSpan.FromSeconds(1.5), history.LagOf(L("0/150"), now));
        Assert.Equal(TimeSpan.FromSeconds(2.5), history.LagOf(L("0/50"), now));
        Assert.Null(new PrimaryLsnHistory().LagOf(L("0/1"), now));
    }

    [Fact]
    public void An_idle_primary_keeps_the_time_its_position_was_first_seen()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new PrimaryLsnHistory();
        history.Add(t0, L("0/100"));
        history.Add(t0.AddSeconds(5), L("0/100"));
        Assert.Equal(TimeSpan.FromSeconds(6), history.LagOf(L("0/50"), t0.AddSeconds(6)));
        Assert.Equal(TimeSpan.Zero, history.LagOf(L("0/100"), t0.AddSeconds(6)));
    }

    [Fact]
    public void A_primary_on_an_older_position_restarts_the_history()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new PrimaryLsnHistory(capacity: 4);
        history.Add(t0, L("0/500"));
        history.Add(t0.AddSeconds(1), L("0/400"));
        Assert.Equal(1, history.Count);
        for (var i = 0; i < 10; i++) history.Add(t0.AddSeconds(2 + i), L($"0/{0x500 + i:X}"));
        Assert.Equal(4, history.Count); // bounded ring
        Assert.Equal(L("0/509"), history.Latest);
    }
}
