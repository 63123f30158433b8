using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Hosting;

/// <summary>
/// The single request delegate of an instance: counts the request, adds Dify's headers, applies the request faults,
/// answers <c>/health</c> and <c>GET /v1/</c> without auth, authenticates the key and dispatches to the operation.
/// Raw routing (no MVC, no routing middleware) keeps 404/405/401 bodies exactly as Dify's.
/// </summary>
internal sealed class EmulatorPipeline(EmulatorContext context, IReadOnlyList<EmulatorRoute> routes)
{
    private const string UnauthorizedMissing = "Authorization header must be provided and start with 'Bearer'";
    private const string UnauthorizedInvalid = "Access token is invalid";

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var method = http.Request.Method;
        var (route, values, methodMismatch) = Match(method, path);
        context.Stats.OnRequest(path, route?.Operation ?? (IsHealth(path) ? method + " " + path : method + " (unmatched)"));

        if (context.Faults.BlackHoleRelease is { } hole)
        {
            context.Stats.OnFault();
            await SseWriter.HoldAsync(hole, http.RequestAborted).ConfigureAwait(false);
            http.Abort();
            return;
        }

        var latency = context.Faults.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(latency, context.Time, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (context.Faults.NextStatus() is { } burst)
        {
            context.Stats.OnFault();
            if (burst.Status == 429)
                context.Stats.OnTooManyRequests();
            if (burst.Code is null && burst.Status is 502 or 503 or 504)
            {
                // A proxy answers when the API behind it is gone: no Dify headers, an HTML body.
                await HttpAnswers.ProxyPageAsync(http, burst.Status).ConfigureAwait(false);
                return;
            }

            AddDifyHeaders(http);
            await HttpAnswers.ErrorAsync(http, burst.Status, burst.Code ?? HttpAnswers.CodeForStatus(burst.Status), FaultMessage(burst.Status)).ConfigureAwait(false);
            return;
        }

        AddDifyHeaders(http);
        if (context.Faults.NextThrottled())
        {
            context.Stats.OnFault();
            context.Stats.OnTooManyRequests();
            await HttpAnswers.ErrorAsync(http, 429, "too_many_requests", "Too many requests. Please try again later.").ConfigureAwait(false);
            return;
        }

        var reset = context.Faults.ResetAfterBytesValue;
        if (reset >= 0)
            http.Response.Body = new FaultResponseStream(http.Response.Body, http, reset, context.Stats);

        try
        {
            await DispatchAsync(http, path, method, route, values, methodMismatch).ConfigureAwait(false);
        }
        catch (DifyApiError error) when (!http.Response.HasStarted)
        {
            if (error.Status == 429)
                context.Stats.OnTooManyRequests();
            await HttpAnswers.ErrorAsync(http, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || reset >= 0)
        {
            // The caller left, or the reset fault aborted the connection.
        }
#pragma warning disable CA1031 // An emulator bug must still answer like Dify does: a 500 envelope, not an empty reply.
        catch (Exception) when (!http.Response.HasStarted)
#pragma warning restore CA1031
        {
            await HttpAnswers.ErrorAsync(http, 500, "internal_server_error", "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.").ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext http, string path, string method, EmulatorRoute? route, Dictionary<string, string>? values, bool methodMismatch)
    {
        if (path == "/health" && method == "GET")
        {
            await HttpAnswers.JsonAsync(http, 200, new JsonObject
            {
                ["pid"] = Environment.ProcessId,
                ["status"] = "ok",
                ["version"] = context.Options.ServerVersion,
            }).ConfigureAwait(false);
            return;
        }

        if (path is "/v1" or "/v1/" && method == "GET")
        {
            await HttpAnswers.JsonAsync(http, 200, new JsonObject
            {
                ["welcome"] = "Dify OpenAPI",
                ["api_version"] = "v1",
                ["server_version"] = context.Options.ServerVersion,
            }).ConfigureAwait(false);
            return;
        }

        if (route is null && method == "GET" && await Knowledge.SignedFileHandler.TryServeAsync(http, context, path).ConfigureAwait(false))
            return;

        if (route is null)
        {
            if (methodMismatch)
                throw new DifyApiError(405, "method_not_allowed", "The method is not allowed for the requested URL.");
            throw new DifyApiError(404, "not_found", "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.");
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await UnauthorizedAsync(http, UnauthorizedMissing).ConfigureAwait(false);
            return;
        }

        var key = header["Bearer ".Length..].Trim();
        if (route.Knowledge)
        {
            // Dify looks keys up by kind: an app key on a knowledge route (and a dataset key on an app route) is invalid.
            if (!context.DatasetKeys.Contains(key))
            {
                await UnauthorizedAsync(http, UnauthorizedInvalid).ConfigureAwait(false);
                return;
            }

            // Dify checks the workspace's knowledge rate limit after the key, before the operation (on the operations
            // it decorates with the check).
            var limited = Knowledge.KnowledgeRoutes.IsRateLimited(route.Operation);
            if (context.Faults.NextKnowledgeRateLimited(limited)
                || (limited && context.Store.Knowledge.RateLimiter.IsLimited(context.Now, context.Options.KnowledgeRequestsPerMinute)))
            {
                context.Stats.OnFault();
                throw Knowledge.KnowledgeErrors.RateLimited();
            }

            await route.Handler(new RequestScope(http, context, null, values!)).ConfigureAwait(false);
            return;
        }

        if (!context.AppsByKey.TryGetValue(key, out var app))
        {
            await UnauthorizedAsync(http, UnauthorizedInvalid).ConfigureAwait(false);
            return;
        }

        await route.Handler(new RequestScope(http, context, app, values!)).ConfigureAwait(false);
    }

    private static Task UnauthorizedAsync(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"api\"";
        return HttpAnswers.ErrorAsync(http, 401, "unauthorized", message);
    }

    private void AddDifyHeaders(HttpContext http)
    {
        http.Response.Headers["X-Version"] = context.Options.ServerVersion;
        http.Response.Headers["X-Env"] = context.Options.DeployEnvironment;
    }

    private (EmulatorRoute? Route, Dictionary<string, string>? Values, bool MethodMismatch) Match(string method, string path)
    {
        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
            return (null, null, false);
        var segments = path["/v1/".Length..].TrimEnd('/').Split('/');
        var mismatch = false;
        foreach (var route in routes)
        {
            if (route.TryMatch(segments, out var values))
            {
                if (route.Method == method)
                    return (route, values, false);
                mismatch = true;
            }
        }

        return (null, null, mismatch);
    }

    private static bool IsHealth(string path) => path is "/health" or "/v1" or "/v1/";

    private static string FaultMessage(int status) => status switch
    {
        500 => "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
        503 => "Service Unavailable",
        429 => "Too many requests. Please try again later.",
        _ => "Injected fault.",
    };
}
