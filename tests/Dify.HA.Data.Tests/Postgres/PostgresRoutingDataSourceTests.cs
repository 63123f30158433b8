using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Postgres.Internals;
using Dify.HA.Data.Telemetry;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Dify.HA.Data.Tests.Postgres;

public sealed class PostgresRoutingDataSourceTests
{
    private const string ConnectionString = "Host=pg-a:5432,pg-b:5432;Username=u;Password=very-secret-pw;Database=d";

    private static PostgresRoutingDataSource NewRouter(ScriptedProber prober, Action<PostgresRoutingOptions>? configure = null)
    {
        var options = new PostgresRoutingOptions
        {
            ConnectionString = ConnectionString,
            FailoverTimeout = TimeSpan.FromMilliseconds(300),
            RediscoveryInterval = TimeSpan.FromMilliseconds(20),
            MonitorInterval = TimeSpan.FromMilliseconds(50),
            MaxSampleAge = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return new PostgresRoutingDataSource(options, null, TimeProvider.System, null, prober, patroni: null, startMonitor: true);
    }

    private static HostProbeResult Standby() => new(true, NpgsqlLogSequenceNumber.Parse("0/100"));

    [Fact]
    public async Task Without_a_primary_a_write_fails_after_the_failover_timeout_naming_hosts_not_the_password()
    {
        var prober = new ScriptedProber(2, (_, _) => ValueTask.FromResult(Standby()));
        await using var router = NewRouter(prober);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PostgresPrimaryUnavailableException>(() => router.OpenConnectionAsync(DbIntent.Write).AsTask());

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Contains("pg-a:5432=STANDBY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-pw", ex.ToString(), StringComparison.Ordinal);
        Assert.Null(router.PrimaryEndpoint);
    }

    [Fact]
    public async Task Routing_decisions_are_counted_by_intent_target_and_reason()
    {
        var seen = new List<(long Value, string? Intent, string? Target, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DifyDataTelemetry.SourceName && instrument.Name == PostgresTelemetry.RoutingDecisions) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? intent = null, target = null, reason = null;
            foreach (var t in tags)
            {
                if (t.Key == PostgresTelemetry.IntentTag) intent = t.Value as string;
                else if (t.Key == PostgresTelemetry.TargetTag) target = t.Value as string;
                else if (t.Key == PostgresTelemetry.ReasonTag) reason = t.Value as string;
            }

            lock (seen) seen.Add((value, intent, target, reason));
        });
        listener.Start();

        var prober = new ScriptedProber(2, (_, _) => ValueTask.FromResult(Standby()));
        await using var router = NewRouter(prober);
        await Assert.ThrowsAsync<PostgresPrimaryUnavailableException>(() => router.OpenConnectionAsync(DbIntent.Write).AsTask());

        lock (seen) Assert.Contains((1L, "write", "none", "no_primary"), seen);
    }

    [Fact]
    public void Invalid_options_fail_construction_with_the_key()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new PostgresRoutingDataSource(new PostgresRoutingOptions { ConnectionString = ConnectionString, MonitorInterval = TimeSpan.Zero }));
        Assert.Contains("Dify:Postgres:MonitorInterval", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_monitor_keeps_sampling_on_its_interval()
    {
        var prober = new ScriptedProber(2, (i, _) => ValueTask.FromResult(i == 0 ? new HostProbeResult(false, NpgsqlLogSequenceNumber.Parse("0/100")) : Standby()));
        await using var router = NewRouter(prober);

        Assert.True(await LabRouters.EventuallyAsync(() => prober.Calls(1) >= 4, TimeSpan.FromSeconds(5)));
        Assert.Equal("pg-a:5432", router.PrimaryEndpoint);
        Assert.Equal(PostgresHostRole.Standby, router.Hosts[1].Role);
        Assert.Equal(TimeSpan.Zero, router.Hosts[1].Lag);
    }

    [Fact]
    public async Task Disposed_router_refuses_new_work()
    {
        var prober = new ScriptedProber(2, (_, _) => ValueTask.FromResult(Standby()));
        var router = NewRouter(prober);
        await router.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => router.OpenConnectionAsync(DbIntent.Read).AsTask());
        Assert.Throws<ObjectDisposedException>(() => router.BeginSession());
    }
}
