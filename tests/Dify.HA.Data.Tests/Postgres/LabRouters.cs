using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tests.Lab;
using Npgsql;

namespace Dify.HA.Data.Tests.Postgres;

/// <summary>Routers over the lab's PostgreSQL pair, tuned for short tests, and small SQL helpers.</summary>
internal static class LabRouters
{
    public static PostgresRoutingDataSource Create(Action<PostgresRoutingOptions>? configure = null, string? connectionString = null, string extra = "Timeout=2;Command Timeout=10")
    {
        var env = LabEnvironment.Load();
        var options = new PostgresRoutingOptions
        {
            ConnectionString = (connectionString ?? env["PG_MULTIHOST_CS"]) + ";" + extra,
            MonitorInterval = TimeSpan.FromMilliseconds(100),
            MaxSampleAge = TimeSpan.FromSeconds(1),
            ProbeTimeout = TimeSpan.FromSeconds(1),
            RediscoveryInterval = TimeSpan.FromMilliseconds(50),
            FailoverTimeout = TimeSpan.FromSeconds(20),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            MaxAttempts = 30,
        };
        configure?.Invoke(options);
        return new PostgresRoutingDataSource(options);
    }

    /// <summary>Runs probe rounds until the router knows a primary and a fresh standby (a busy machine can fail one probe).</summary>
    public static async Task ReadyAsync(PostgresRoutingDataSource router)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await router.RefreshAsync();
            if (router.PrimaryEndpoint is not null && router.Hosts.Any(h => h.Role == PostgresHostRole.Standby && h.Lag is not null)) return;
            Assert.True(DateTime.UtcNow < deadline, "the router did not find the lab's primary and standby: " + string.Join(", ", router.Hosts));
            await Task.Delay(50);
        }
    }

    public static async Task<(PostgresNodeStatus Primary, PostgresNodeStatus Standby)> RolesAsync()
    {
        var roles = await LabControl.GetPostgresRolesAsync();
        Assert.True(roles.IsHealthy, $"the lab is not a primary with a streaming standby: {roles}");
        return (roles.Primary!, roles.Standby!);
    }

    public static string Endpoint(PostgresNodeStatus node) => $"127.0.0.1:{node.Port}";

    /// <summary>Where a connection really is: (in recovery, server port).</summary>
    public static async Task<(bool InRecovery, int Port)> WhereAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), inet_server_port()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetBoolean(0), reader.GetInt32(1));
    }

    public static async Task ExecAsync(NpgsqlConnection connection, string sql, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }

        return true;
    }
}
