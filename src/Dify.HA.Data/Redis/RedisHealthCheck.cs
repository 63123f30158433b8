using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Dify.HA.Data.Redis;

/// <summary>
/// Health of the Redis connection: <see cref="HealthStatus.Healthy"/> when a PING answers and a writable master is
/// connected; <see cref="HealthStatus.Degraded"/> when PING answers but no master is (reads work, writes fail: a
/// failover in progress); the registration's failure status when nothing answers. Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;RedisHealthCheck&gt;("redis")</c>.
/// </summary>
public sealed class RedisHealthCheck : IHealthCheck
{
    private readonly IRedisConnectionProvider _provider;

    /// <summary>Creates the check over the application's provider.</summary>
    /// <param name="provider">The Redis connection provider.</param>
    public RedisHealthCheck(IRedisConnectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mode = _provider.Options.Mode.ToString();
        try
        {
            var connection = await _provider.GetConnectionAsync(cancellationToken).ConfigureAwait(false);

            // No retry: a health probe reports the present, it does not wait out a failover.
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var masters = connection.GetServers()
                .Where(s => s.IsConnected && !s.IsReplica && s.ServerType != ServerType.Sentinel)
                .Select(s => Convert.ToString(s.EndPoint, CultureInfo.InvariantCulture) ?? "?")
                .ToArray();
            var data = new Dictionary<string, object>
            {
                ["mode"] = mode,
                ["masters"] = string.Join(",", masters),
                ["ping_ms"] = latency.TotalMilliseconds,
            };
            return masters.Length > 0
                ? HealthCheckResult.Healthy($"Redis ({mode}) answers; master {data["masters"]}.", data)
                : HealthCheckResult.Degraded($"Redis ({mode}) answers but no writable master is connected (failover in progress?).", data: data);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
        {
            // The exception is not attached: its text could carry endpoint details; the status is what matters here.
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis ({mode}) does not answer: {ex.GetType().Name}.");
        }
    }
}
