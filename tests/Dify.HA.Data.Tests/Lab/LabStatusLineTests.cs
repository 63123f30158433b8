namespace Dify.HA.Data.Tests.Lab;

/// <summary>The parsing of the helpers' <c>name key=value</c> lines (no lab needed).</summary>
public sealed class LabStatusLineTests
{
    [Fact]
    public void Reads_the_name_and_the_key_value_words_of_a_status_line()
    {
        var line = LabStatusLine.Parse("pg-b port=15401 pid=456 role=standby replication=streaming sync_state=async recovery_min_apply_delay=2s");

        Assert.Equal("pg-b", line.Name);
        Assert.Equal(15401, line.GetInt("port"));
        Assert.Equal("standby", line.Get("role"));
        Assert.Equal("2s", line.Get("recovery_min_apply_delay"));
    }

    [Fact]
    public void Treats_dash_empty_and_absent_values_as_missing()
    {
        var line = LabStatusLine.Parse("pg-a port=15400 pid=- role=down synchronous_standby_names=");

        Assert.Null(line.Get("pid"));
        Assert.Null(line.GetInt("pid"));
        Assert.Null(line.Get("synchronous_standby_names"));
        Assert.Null(line.Get("replication"));
        Assert.Equal("down", line.Get("role"));
    }

    [Fact]
    public void Summary_of_a_run_is_its_last_line()
    {
        var result = new LabCommandResult(
            "pg-failover", 0,
            "[lab 15:29:53.575] pg-failover: killed primary pg-a\nprimary=pg-b old_primary=pg-a kill_ms=71 promote_ms=33 total_ms=104\n",
            TimeSpan.FromMilliseconds(200));

        Assert.Equal("pg-b", result.Summary.Get("primary"));
        Assert.Equal(104, result.Summary.GetInt("total_ms"));
    }

    [Fact]
    public void Postgres_topology_finds_the_primary_and_a_streaming_standby_whichever_node_they_are()
    {
        var topology = new PostgresTopology(
        [
            new PostgresNodeStatus(LabNode.A, 15400, 11, PostgresRole.Standby, "streaming", "async", "Host=a"),
            new PostgresNodeStatus(LabNode.B, 15401, 12, PostgresRole.Primary, null, null, "Host=b"),
        ]);

        Assert.Equal(LabNode.B, topology.Primary!.Node);
        Assert.Equal(LabNode.A, topology.Standby!.Node);
        Assert.True(topology.IsHealthy);
        Assert.False(new PostgresTopology([topology[LabNode.B], topology[LabNode.A] with { Role = PostgresRole.Down }]).IsHealthy);
    }
}
