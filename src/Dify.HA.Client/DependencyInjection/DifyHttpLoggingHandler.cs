using Microsoft.Extensions.Logging;

namespace Dify.HA.Client.DependencyInjection;

/// <summary>
/// Logs each HTTP request of a Dify client's HttpClient (method, URL without its query, status, time to headers) under the
/// category IHttpClientFactory uses for its own client-handler logs (<c>System.Net.Http.HttpClient.&lt;name&gt;.ClientHandler</c>,
/// same event ids 100/101), in place of the factory's default logging handlers.
/// </summary>
/// <remarks>
/// Why: the factory's default handlers open a logging scope and run an async wrapper per request whether or not anything
/// listens (≈ 300 bytes per call, a third of the pipeline's own cost). This handler passes the request straight through
/// when Information is not enabled for its category, as the BCL does for its own diagnostics. The query string is left
/// out of the log (it carries user ids and conversation ids); the HA pipeline's attempt Activities and metrics carry the
/// rest (endpoint, region, outcome).
/// </remarks>
internal sealed partial class DifyHttpLoggingHandler : DelegatingHandler
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public DifyHttpLoggingHandler(ILogger logger, TimeProvider timeProvider)
    {
        _logger = logger;
        _time = timeProvider;
    }

    /// <summary>The log category of <paramref name="httpClientName"/>'s requests (the factory's client-handler category).</summary>
    public static string Category(string httpClientName) => $"System.Net.Http.HttpClient.{httpClientName}.ClientHandler";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => _logger.IsEnabled(LogLevel.Information) ? SendLoggedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri is { } u ? u.GetLeftPart(UriPartial.Path) + (string.IsNullOrEmpty(u.Query) ? string.Empty : "?*") : "(none)";
        RequestStart(_logger, request.Method.Method, uri);
        var started = _time.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
        RequestEnd(_logger, elapsedMs, (int)response.StatusCode);
        return response;
    }

    [LoggerMessage(EventId = 100, EventName = "RequestStart", Level = LogLevel.Information, Message = "Sending HTTP request {HttpMethod} {Uri}")]
    private static partial void RequestStart(ILogger logger, string httpMethod, string uri);

    [LoggerMessage(EventId = 101, EventName = "RequestEnd", Level = LogLevel.Information, Message = "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}")]
    private static partial void RequestEnd(ILogger logger, double elapsedMilliseconds, int statusCode);
}
