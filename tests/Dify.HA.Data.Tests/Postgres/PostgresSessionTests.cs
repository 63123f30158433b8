using Dify.HA.Data.Postgres;
using NpgsqlTypes;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class PostgresSessionTests
{
    private static NpgsqlLogSequenceNumber L(string text) => NpgsqlLogSequenceNumber.Parse(text);

    [Fact]
    public async Task A_session_flows_across_awaits_and_keeps_the_latest_write()
    {
        Assert.Null(PostgresSession.Current);
        using (var session = new PostgresSession(resumeFrom: null))
        {
            await Task.Yield();
            Assert.Same(session, PostgresSession.Current);
            await Task.Run(() => PostgresSession.Current!.Observe(L("0/300")));
            session.Observe(L("0/200"));
            Assert.Equal(L("0/300"), session.LastWriteLsn);
        }

        Assert.Null(PostgresSession.Current);
    }

    [Fact]
    public void Nested_sessions_restore_the_outer_one_and_resume_from_a_token()
    {
        using var outer = new PostgresSession(L("1/0"));
        using (var inner = new PostgresSession(resumeFrom: null))
        {
            Assert.Same(inner, PostgresSession.Current);
            Assert.Null(inner.LastWriteLsn);
        }

        Assert.Same(outer, PostgresSession.Current);
        Assert.Equal(L("1/0"), outer.LastWriteLsn);
        Assert.False(outer.PinnedToPrimary);
        outer.PinToPrimary();
        Assert.True(outer.PinnedToPrimary);
    }

    [Fact]
    public async Task Parallel_flows_do_not_see_each_others_sessions()
    {
        async Task<NpgsqlLogSequenceNumber?> Flow(string lsn)
        {
            using var session = new PostgresSession(resumeFrom: null);
            await Task.Delay(10);
            PostgresSession.Current!.Observe(L(lsn));
            await Task.Delay(10);
            return PostgresSession.Current!.LastWriteLsn;
        }

        var results = await Task.WhenAll(Flow("0/10"), Flow("0/20"));
        Assert.Equal([L("0/10"), L("0/20")], results.Select(r => r!.Value));
    }
}
