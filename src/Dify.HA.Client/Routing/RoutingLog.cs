using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Routing;

/// <summary>The routing layer's log messages (source-generated). Endpoints are named by id, never by key.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Dify client {ClientName}: circuit breaker of endpoint {Endpoint} opened; calls to it fail fast for {BreakSeconds} s.")]
    public static partial void BreakerOpened(ILogger logger, string clientName, string endpoint, double breakSeconds);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Dify client {ClientName}: circuit breaker of endpoint {Endpoint} is now {State}.")]
    public static partial void BreakerStateChanged(ILogger logger, string clientName, string endpoint, CircuitState state);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Dify client {ClientName}: endpoint {Endpoint} ejected for {Seconds} s (ejection #{TimesEjected}).")]
    public static partial void EndpointEjected(ILogger logger, string clientName, string endpoint, double seconds, int timesEjected);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Dify client {ClientName}: endpoint {Endpoint} not ejected: {Ejected} endpoint(s) already are, the cap (MaxEjectionPercent {Percent}%) is reached.")]
    public static partial void EjectionCapped(ILogger logger, string clientName, string endpoint, int ejected, int percent);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Dify client {ClientName}: health probe reports endpoint {Endpoint} unhealthy; it is taken out of selection.")]
    public static partial void ProbeUnhealthy(ILogger logger, string clientName, string endpoint);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Dify client {ClientName}: health probe reports endpoint {Endpoint} healthy again; it is readmitted.")]
    public static partial void ProbeHealthy(ILogger logger, string clientName, string endpoint);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Dify client {ClientName}: endpoint {Endpoint} is a latency outlier ({LatencyMs} ms against its region peers' median {PeerMedianMs} ms); ejected for {Seconds} s (ejection #{TimesEjected}).")]
    public static partial void LatencyOutlierEjected(ILogger logger, string clientName, string endpoint, double latencyMs, double peerMedianMs, double seconds, int timesEjected);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Warning, Message = "Dify client {ClientName}: endpoint {Endpoint} failed its health probe while its calls had no answer for {StalledSeconds} s; taken out of selection at once.")]
    public static partial void EndpointUnreachable(ILogger logger, string clientName, string endpoint, double stalledSeconds);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "Dify client {ClientName}: probe of endpoint {Endpoint} failed: {Reason}.")]
    public static partial void ProbeFailed(ILogger logger, string clientName, string endpoint, string reason);
}
