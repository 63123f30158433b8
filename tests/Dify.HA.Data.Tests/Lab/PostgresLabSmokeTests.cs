using System.Diagnostics;
using Npgsql;

namespace Dify.HA.Data.Tests.Lab;

/// <summary>The lab's PostgreSQL pair and its helpers do what the other lab tests rely on.</summary>
[Collection(PostgresLabCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresLabSmokeTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LabControl.RestorePostgresAsync();

    [Fact]
    public async Task Standby_streams_from_the_primary_and_refuses_writes()
    {
        var topology = await LabControl.GetPostgresRolesAsync();
        Assert.True(topology.IsHealthy, $"expected a primary and a streaming standby: {topology}");

        await using var standby = NpgsqlDataSource.Create(topology.Standby!.ConnectionString);
        Assert.True(await ScalarAsync<bool>(standby, "select pg_is_in_recovery()"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(standby, "create table lab_smoke_refused (id int)"));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, error.SqlState); // 25006

        // A write on the primary shows up on the standby.
        await using var primary = NpgsqlDataSource.Create(topology.Primary!.ConnectionString);
        var marker = Guid.NewGuid().ToString("N");
        await ScalarAsync<int>(primary, "create table if not exists lab_smoke (marker text primary key)");
        await ScalarAsync<int>(primary, $"insert into lab_smoke values ('{marker}')");
        await PollAsync(async () => await ScalarAsync<long>(standby, $"select count(*) from lab_smoke where marker = '{marker}'") == 1, "the write to reach the standby");
    }

    [Fact]
    public async Task Failover_then_rejoin_leaves_a_working_pair_with_the_roles_swapped()
    {
        var before = await LabControl.GetPostgresRolesAsync();
        Assert.True(before.IsHealthy, $"expected a primary and a streaming standby: {before}");
        var oldPrimary = before.Primary!.Node;
        var oldStandby = before.Standby!.Node;

        var failover = await LabControl.PostgresFailoverAsync();
        Assert.Equal(oldStandby, failover.NewPrimary);
        Assert.Equal(oldPrimary, failover.OldPrimary);
        Assert.InRange(failover.TotalTime, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        var during = await LabControl.GetPostgresRolesAsync();
        Assert.Equal(PostgresRole.Down, during[oldPrimary].Role);
        Assert.Equal(PostgresRole.Primary, during[oldStandby].Role);
        await using (var promoted = NpgsqlDataSource.Create(during[oldStandby].ConnectionString))
        {
            Assert.False(await ScalarAsync<bool>(promoted, "select pg_is_in_recovery()"));
        }

        await LabControl.PostgresRejoinAsync();
        var after = await LabControl.GetPostgresRolesAsync();
        Assert.True(after.IsHealthy, $"expected a primary and a streaming standby after rejoin: {after}");
        Assert.Equal(oldStandby, after.Primary!.Node);
        Assert.Equal(oldPrimary, after.Standby!.Node);

        // The rejoined old primary really replicates from the new one.
        await using var primary = NpgsqlDataSource.Create(after.Primary.ConnectionString);
        await using var standby = NpgsqlDataSource.Create(after.Standby.ConnectionString);
        var marker = Guid.NewGuid().ToString("N");
        await ScalarAsync<int>(primary, "create table if not exists lab_smoke (marker text primary key)");
        await ScalarAsync<int>(primary, $"insert into lab_smoke values ('{marker}')");
        await PollAsync(async () => await ScalarAsync<long>(standby, $"select count(*) from lab_smoke where marker = '{marker}'") == 1, "the write to reach the rejoined standby");
    }

    [Fact]
    public async Task Replay_delay_keeps_the_standby_behind_and_sync_mode_is_reported()
    {
        await LabControl.SetSynchronousAsync(true);
        var topology = await LabControl.GetPostgresRolesAsync();
        Assert.Equal("sync", topology.Standby!.SyncState);
        await LabControl.SetSynchronousAsync(false);

        await LabControl.SetReplayDelayAsync(TimeSpan.FromSeconds(2));
        await using var primary = NpgsqlDataSource.Create(topology.Primary!.ConnectionString);
        await using var standby = NpgsqlDataSource.Create(topology.Standby.ConnectionString);
        await ScalarAsync<int>(primary, "create table if not exists lab_smoke (marker text primary key)");
        var marker = Guid.NewGuid().ToString("N");
        var written = Stopwatch.StartNew();
        await ScalarAsync<int>(primary, $"insert into lab_smoke values ('{marker}')");
        var writtenLsn = await ScalarAsync<string>(primary, "select pg_current_wal_lsn()::text");
        var query = $"select count(*) from lab_smoke where marker = '{marker}'";

        // Received at once, but not applied for about 2 s: once the standby has the WAL, the row must still be missing.
        await PollAsync(async () => await ScalarAsync<bool>(standby, $"select pg_last_wal_receive_lsn() >= '{writtenLsn}'::pg_lsn"), "the standby to receive the write");
        Assert.Equal(0L, await ScalarAsync<long>(standby, query));
        await PollAsync(async () => await ScalarAsync<long>(standby, query) == 1, "the delayed write to be applied");
        Assert.True(written.Elapsed >= TimeSpan.FromSeconds(1.5), $"applied after {written.Elapsed.TotalMilliseconds:F0} ms despite a 2 s delay");

        await LabControl.SetReplayDelayAsync(TimeSpan.Zero);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(sw.Elapsed < s_deadline, $"timed out after {s_deadline.TotalSeconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
