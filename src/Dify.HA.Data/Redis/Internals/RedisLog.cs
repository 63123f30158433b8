using Microsoft.Extensions.Logging;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>The provider's log messages (source-generated). No message carries a password or configuration string with one.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(1, LogLevel.Information, "Redis connected ({Mode}): {Configuration}; master {Master}.")]
    public static partial void Connected(ILogger logger, string mode, string configuration, string master);

    [LoggerMessage(2, LogLevel.Warning, "Redis master switched from {Previous} to {Current} ({Mode}).")]
    public static partial void MasterChanged(ILogger logger, string previous, string current, string mode);

    [LoggerMessage(3, LogLevel.Information, "Redis: forcing a reconfigure after {Reason}.")]
    public static partial void Reconfiguring(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Redis reconfigure failed: {Error}.")]
    public static partial void ReconfigureFailed(ILogger logger, string error);

    [LoggerMessage(5, LogLevel.Debug, "Redis command failed ({Reason}), attempt {Attempt}; retrying in {DelayMs} ms.")]
    public static partial void Retrying(ILogger logger, string reason, int attempt, double delayMs);

    [LoggerMessage(6, LogLevel.Warning, "Redis connection to {EndPoint} ({ConnectionType}) failed: {FailureType}.")]
    public static partial void ConnectionFailed(ILogger logger, string endPoint, string connectionType, string failureType);

    [LoggerMessage(7, LogLevel.Information, "Redis connection to {EndPoint} ({ConnectionType}) restored.")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint, string connectionType);

    [LoggerMessage(8, LogLevel.Warning, "Redis has a writable master again after {Seconds:0.000} s without one.")]
    public static partial void WritableMasterRestored(ILogger logger, double seconds);

    [LoggerMessage(9, LogLevel.Warning, "Redis: no writable master ({Reason}).")]
    public static partial void NoWritableMaster(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Error, "Redis connection failed at start-up ({Mode}): {Error}")]
    public static partial void ConnectFailed(ILogger logger, string mode, string error);

    [LoggerMessage(11, LogLevel.Information, "Redis reconfigure finished in {Milliseconds:0} ms; writable masters: {Masters}.")]
    public static partial void Reconfigured(ILogger logger, double milliseconds, string masters);

    [LoggerMessage(12, LogLevel.Debug, "Redis: no reconfigure yet: the Sentinels still name the unreachable master {Master}; the library follows their switch.")]
    public static partial void ReconfigureSkipped(ILogger logger, string master);
}
