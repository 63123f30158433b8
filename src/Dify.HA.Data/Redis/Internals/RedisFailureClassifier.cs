using StackExchange.Redis;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>Sorts a command's exception into failover symptoms (retried, reconfigure) and everything else.</summary>
internal static class RedisFailureClassifier
{
    public static RedisFailureKind Classify(Exception exception)
    {
        switch (exception)
        {
            case RedisServerException server:
                var kind = server.Kind switch
                {
                    RedisErrorKind.ReadOnly => RedisFailureKind.ReadOnly,
                    RedisErrorKind.MasterDown => RedisFailureKind.MasterDown,
                    RedisErrorKind.ClusterDown => RedisFailureKind.ClusterDown,
                    RedisErrorKind.Loading => RedisFailureKind.Loading,
                    RedisErrorKind.TryAgain => RedisFailureKind.TryAgain,
                    RedisErrorKind.ConnectionFault => RedisFailureKind.Connection,
                    RedisErrorKind.Timeout => RedisFailureKind.Timeout,
                    _ => RedisFailureKind.None,
                };

                // A READONLY raised by redis.call inside a script can arrive wrapped in an ERR reply.
                return kind == RedisFailureKind.None ? ClassifyMessage(server.Message) : kind;
            case RedisConnectionException:
                return RedisFailureKind.Connection;
            case RedisTimeoutException:
                return RedisFailureKind.Timeout;
            case TimeoutException:
                return RedisFailureKind.Timeout;
            default:
                return RedisFailureKind.None;
        }
    }

    /// <summary>Whether the failure means the topology we hold may be wrong, so a reconfigure is worth its cost.</summary>
    public static bool NeedsReconfigure(RedisFailureKind kind) =>
        kind is RedisFailureKind.ReadOnly or RedisFailureKind.Connection or RedisFailureKind.Timeout
            or RedisFailureKind.MasterDown or RedisFailureKind.ClusterDown;

    /// <summary>Whether the failure means there was no writable master for this command.</summary>
    public static bool MeansNoWritableMaster(RedisFailureKind kind) =>
        kind is RedisFailureKind.ReadOnly or RedisFailureKind.Connection or RedisFailureKind.Timeout
            or RedisFailureKind.MasterDown or RedisFailureKind.ClusterDown;

    public static string ReasonTag(RedisFailureKind kind) => kind switch
    {
        RedisFailureKind.ReadOnly => "readonly",
        RedisFailureKind.Connection => "connection",
        RedisFailureKind.Timeout => "timeout",
        RedisFailureKind.MasterDown => "masterdown",
        RedisFailureKind.ClusterDown => "clusterdown",
        RedisFailureKind.Loading => "loading",
        RedisFailureKind.TryAgain => "tryagain",
        _ => "none",
    };

    private static RedisFailureKind ClassifyMessage(string message)
    {
        if (message.Contains("READONLY", StringComparison.Ordinal)) return RedisFailureKind.ReadOnly;
        if (message.Contains("MASTERDOWN", StringComparison.Ordinal)) return RedisFailureKind.MasterDown;
        if (message.Contains("CLUSTERDOWN", StringComparison.Ordinal)) return RedisFailureKind.ClusterDown;
        if (message.StartsWith("LOADING", StringComparison.Ordinal)) return RedisFailureKind.Loading;
        return RedisFailureKind.None;
    }
}
