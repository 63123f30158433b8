using System.Net;
using StackExchange.Redis;
using StackExchange.Redis.Availability;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>Turns <see cref="RedisConnectionOptions"/> into StackExchange.Redis configurations.</summary>
internal static class RedisConfigurationFactory
{
    /// <summary>
    /// The data connection's configuration. In Sentinel mode its endpoints are the Sentinels and it carries the
    /// service name, so StackExchange.Redis resolves the master through them and keeps following it.
    /// </summary>
    public static ConfigurationOptions CreateData(RedisConnectionOptions options)
    {
        var config = CreateCommon(options);
        if (options.Mode == RedisConnectionMode.Sentinel)
        {
            AddEndpoints(config, options.SentinelEndpoints, 26379);
            config.ServiceName = options.ServiceName;
            config.SentinelUser = options.SentinelUser;
            config.SentinelPassword = options.SentinelPassword;
        }
        else
        {
            AddEndpoints(config, options.Endpoints, 6379);
        }

        config.User = options.User;
        config.Password = options.Password;
        config.DefaultDatabase = options.Mode == RedisConnectionMode.Cluster ? null : options.Database;
        return config;
    }

    /// <summary>A configuration that talks to the Sentinels themselves (to ask what they monitor).</summary>
    public static ConfigurationOptions CreateSentinel(RedisConnectionOptions options)
    {
        var config = CreateCommon(options);
        AddEndpoints(config, options.SentinelEndpoints, 26379);
        config.CommandMap = CommandMap.Sentinel;
        config.TieBreaker = string.Empty;
        config.User = options.SentinelUser ?? options.User;

        // As the data connection does: the Sentinels' own password if set, else the data nodes' (a Sentinel without
        // requirepass does not refuse the connection for it).
        config.Password = options.SentinelPassword ?? options.Password;
        return config;
    }

    private static ConfigurationOptions CreateCommon(RedisConnectionOptions options)
    {
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = true,
            ConnectTimeout = ToMilliseconds(options.ConnectTimeout),
            SyncTimeout = ToMilliseconds(options.CommandTimeout),
            AsyncTimeout = ToMilliseconds(options.CommandTimeout),

            // Retries are the provider's business: it knows which commands the caller marked safe. A second,
            // library-level retry layer would repeat unsafe writes after an ambiguous failure and stack its delays on ours.
            RetryPolicy = RetryPolicy.None,

            // Fail fast while disconnected instead of queueing into a backlog: the provider retries safe commands after
            // a reconfigure, and a queued unsafe write could run against a node that is no longer master.
            BacklogPolicy = BacklogPolicy.FailFast,

            // Notice a demotion that nobody announced (REPLICAOF by hand, a missed +switch-master) within seconds
            // rather than the library's default minute.
            ConfigCheckSeconds = 5,
            ReconnectRetryPolicy = new ExponentialRetry(100, 2000),
            // Reconnects happen on the heartbeat (the library's default: 1 s). At a failover the Sentinels promote a
            // replica and kill its client connections (CLIENT KILL TYPE normal) so that clients notice its new role: with
            // a 1 s heartbeat the connection to the new master came back up to ~1.7 s later (seen in CI: writes
            // unavailable 3.1-3.2 s against a 3 s bound). A 250 ms tick costs a timer callback per multiplexer.
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            Ssl = options.UseTls,
            IncludeDetailInExceptions = true,
        };

        if (options.UseTls)
        {
            if (!string.IsNullOrWhiteSpace(options.TlsHost)) config.SslHost = options.TlsHost;
            if (!string.IsNullOrWhiteSpace(options.TlsTrustedIssuerPath)) config.TrustIssuer(options.TlsTrustedIssuerPath);
        }

        if (!string.IsNullOrWhiteSpace(options.ClientName)) config.ClientName = options.ClientName;
        return config;
    }

    private static void AddEndpoints(ConfigurationOptions config, IList<string> endpoints, int defaultPort)
    {
        foreach (var text in endpoints)
        {
            if (!RedisEndpointParser.TryParse(text, defaultPort, out var host, out var port))
            {
                // Validation runs first; reaching this means the options were changed after it.
                throw new ArgumentException("An endpoint is not 'host:port'.", nameof(endpoints));
            }

            if (IPAddress.TryParse(host, out var address)) config.EndPoints.Add(address, port);
            else config.EndPoints.Add(host, port);
        }
    }

    private static int ToMilliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 1, int.MaxValue);
}
