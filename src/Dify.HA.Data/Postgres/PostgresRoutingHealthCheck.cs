using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.Data.Postgres;

/// <summary>
/// Health of the routed PostgreSQL cluster from the monitor's latest samples (no query of its own, so it is cheap to
/// poll): Unhealthy when no writable primary is known or its last sample is older than
/// <see cref="PostgresRoutingOptions.MaxSampleAge"/>; Degraded when a standby is unreachable, stale or lags more than
/// <see cref="PostgresRoutingOptions.MaxReplicaLag"/> (reads then go to the primary); Healthy otherwise. Register with
/// <c>services.AddHealthChecks().AddCheck&lt;PostgresRoutingHealthCheck&gt;("postgres")</c>.
/// </summary>
public sealed class PostgresRoutingHealthCheck : IHealthCheck
{
    private readonly PostgresRoutingDataSource _dataSource;

    /// <summary>Creates the check over a router.</summary>
    /// <param name="dataSource">The router whose monitor is read.</param>
    public PostgresRoutingHealthCheck(PostgresRoutingDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = _dataSource.Options;
        var now = _dataSource.Time.GetUtcNow();
        var hosts = _dataSource.Hosts;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            data[host.Endpoint] = host.Role == PostgresHostRole.Standby && host.Lag is { } lag
                ? $"standby lag={lag.TotalMilliseconds:F0}ms"
                : host.Role.ToString().ToUpperInvariant();
        }

        var primary = hosts.FirstOrDefault(h => h.Endpoint == _dataSource.PrimaryEndpoint);
        if (primary is null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No writable PostgreSQL primary is known (failover in progress, or every host down).", data: data));
        }

        if (primary.ObservedAt is not { } seen || now - seen > options.MaxSampleAge)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The PostgreSQL primary {primary.Endpoint} has not answered a probe for longer than {options.MaxSampleAge}.", data: data));
        }

        var problems = new List<string>();
        foreach (var host in hosts)
        {
            if (ReferenceEquals(host, primary)) continue;
            if (host.Role != PostgresHostRole.Standby)
            {
                problems.Add($"{host.Endpoint} is {host.Role.ToString().ToUpperInvariant()}");
            }
            else if (host.ObservedAt is not { } at || now - at > options.MaxSampleAge)
            {
                problems.Add($"{host.Endpoint} has no fresh sample");
            }
            else if (host.Lag is not { } lag || lag > options.MaxReplicaLag)
            {
                problems.Add($"{host.Endpoint} lags more than {options.MaxReplicaLag}");
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"Primary {primary.Endpoint}; every standby within {options.MaxReplicaLag}.", data)
            : HealthCheckResult.Degraded($"Primary {primary.Endpoint}; reads fall back to it: {string.Join("; ", problems)}.", data: data));
    }
}
