using BenchmarkDotNet.Attributes;
using Dify.HA.Data.Postgres;
using Npgsql;

namespace Dify.HA.Benchmarks.Postgres;

/// <summary>
/// Overhead per open of a routed connection against a plain pooled <see cref="NpgsqlDataSource"/> on the same host
/// (open + close from a warm pool; no query). Needs the lab: <c>eng/lab/up</c>.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *RoutedOpen* --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class RoutedOpenBenchmarks
{
    private NpgsqlDataSource _plainPrimary = null!;
    private NpgsqlDataSource _plainStandby = null!;
    private PostgresRoutingDataSource _router = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var lab = PostgresLab.Load();
        _router = new PostgresRoutingDataSource(new PostgresRoutingOptions { ConnectionString = lab["PG_MULTIHOST_CS"] });
        await _router.RefreshAsync();
        var primary = _router.PrimaryEndpoint ?? throw new InvalidOperationException("no primary in the lab");
        var standby = _router.Hosts.First(h => h.Role == PostgresHostRole.Standby).Endpoint;
        _plainPrimary = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(lab["PG_MULTIHOST_CS"]) { Host = primary });
        _plainStandby = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(lab["PG_MULTIHOST_CS"]) { Host = standby });
        await (await _plainPrimary.OpenConnectionAsync()).DisposeAsync();
        await (await _plainStandby.OpenConnectionAsync()).DisposeAsync();
        await (await _router.OpenConnectionAsync(DbIntent.Write)).DisposeAsync();
        await (await _router.OpenConnectionAsync(DbIntent.Read)).DisposeAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _router.DisposeAsync();
        await _plainPrimary.DisposeAsync();
        await _plainStandby.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "plain NpgsqlDataSource, primary")]
    public async Task PlainPrimary() => await (await _plainPrimary.OpenConnectionAsync()).DisposeAsync();

    [Benchmark(Description = "routed Write (multi-host, Primary)")]
    public async Task RoutedWrite() => await (await _router.OpenConnectionAsync(DbIntent.Write)).DisposeAsync();

    [Benchmark(Description = "plain NpgsqlDataSource, standby")]
    public async Task PlainStandby() => await (await _plainStandby.OpenConnectionAsync()).DisposeAsync();

    [Benchmark(Description = "routed Read (standby)")]
    public async Task RoutedRead() => await (await _router.OpenConnectionAsync(DbIntent.Read)).DisposeAsync();
}
