using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Dify.HA.Testing;
using Dify.HA.WebApi.Hosting;

namespace Dify.HA.WebApi.Tests;

/// <summary>The web sample started in-process on 127.0.0.1, port 0, over its own emulator (two regions), with a fast
/// health probe and a short drain delay. Answers are scripted so tests know what the emulator streams.</summary>
internal sealed class WebApiHarness : IAsyncDisposable
{
    private WebApiHarness(WebApiApp web)
    {
        Web = web;
        Http = new HttpClient { BaseAddress = web.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApiApp Web { get; }

    public HttpClient Http { get; }

    public DifyEmulatorTopology Emulator => Web.Emulator ?? throw new InvalidOperationException("The harness always runs the embedded emulator.");

    public IReadOnlyList<DifyEmulator> Endpoints => Emulator.AllEndpoints;

    public static async Task<WebApiHarness> StartAsync(
        IReadOnlyDictionary<string, string>? scriptedAnswers = null,
        TimeSpan? tokenDelay = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
            ["Emulator:TokenDelay"] = (tokenDelay ?? TimeSpan.FromMilliseconds(5)).ToString("c"),
            // Probe often so a region outage (refused connections: the probe fails at once) shows in /healthz within
            // a second, but give a probe of a healthy endpoint time to answer on a loaded 2-core
            // machine (an 80 ms timeout made a healthy region read as Degraded while other test projects ran).
            ["Dify:Clients:Default:Topology:HealthProbe:Interval"] = "00:00:00.300",
            ["Dify:Clients:Default:Topology:HealthProbe:Jitter"] = "00:00:00",
            ["Dify:Clients:Default:Topology:HealthProbe:Timeout"] = "00:00:00.300",
            // Three failed probes in a row: one probe that a cold start or a busy machine keeps past its timeout must
            // not turn a healthy region unready (a refused connection still shows within a second).
            ["Dify:Clients:Default:Topology:HealthProbe:UnhealthyThreshold"] = "3",
            ["WebApi:DrainDelay"] = "00:00:00.500",
            ["WebApi:ShutdownTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in settings ?? []) overrides[key] = value;

        var web = await WebApiApp.CreateAsync(
            ["--urls", "http://127.0.0.1:0"],
            overrides,
            o =>
            {
                var chat = o.Apps.Single(a => a.ApiKey == WebApiApp.EmulatorApiKey);
                foreach (var (query, answer) in scriptedAnswers ?? new Dictionary<string, string>()) chat.ScriptedAnswers[query] = answer;
            });
        try
        {
            await web.StartAsync();
            return new WebApiHarness(web);
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts a chat message and returns the response once its headers arrived (the body still streaming).</summary>
    public async Task<HttpResponseMessage> PostChatAsync(string message, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string?> { ["message"] = message, ["conversationId"] = conversationId });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/chat") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads every server-sent event of a chat response to its end.</summary>
    public static async Task<List<SseItem<string>>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<SseItem<string>>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken)) events.Add(item);
        return events;
    }

    /// <summary>Polls <paramref name="condition"/> every 25 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(25);
        }
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout) => EventuallyAsync(() => Task.FromResult(condition()), timeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Web.DisposeAsync();
    }
}
