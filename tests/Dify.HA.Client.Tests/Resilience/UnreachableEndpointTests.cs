using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dify.HA.Client.Tests.Resilience;

/// <summary>A black-holed endpoint (accepts, never answers): streams and reads waiting for their headers there end as soon
/// as the routing layer finds it unreachable (silent calls + a failed stall probe), not after their headers timeout.</summary>
public sealed class UnreachableEndpointTests
{
    private const string ChatPost = "POST /chat-messages";

    // Well below the 60 s headers timeouts, so reached only through the unreachable verdict (≈ 0.5 s on a quiet machine;
    // the slack is for a loaded CI machine running the whole suite, where the prober's loop may start late).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<PipelineHarness> StartAsync(Action<DifyResilienceOptions>? resilience = null)
        => PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1,
            resilience: p =>
            {
                // Only the unreachable verdict can end the wait before these.
                p.ResponseHeadersTimeout = TimeSpan.FromSeconds(60);
                p.StreamResponseHeadersTimeout = TimeSpan.FromSeconds(60);
                p.Deadline = TimeSpan.FromSeconds(90);
                resilience?.Invoke(p);
            },
            client: o => o.Timeout = TimeSpan.FromSeconds(90),
            configureServices: s => s.AddLogging(b => b.AddProvider(new Provider()).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug)),
            topologyOptions: t =>
            {
                t.HealthProbe.Enabled = true;
                t.HealthProbe.Interval = TimeSpan.FromSeconds(30);
                t.HealthProbe.Jitter = TimeSpan.Zero;
                t.HealthProbe.Timeout = TimeSpan.FromMilliseconds(200);
                t.HealthProbe.StalledProbeAfter = TimeSpan.FromMilliseconds(300);
            });

    [Fact]
    public async Task Read_on_a_black_holed_endpoint_fails_over_when_the_endpoint_is_found_unreachable()
    {
        await using var h = await StartAsync();
        h.Topology.Regions[0].Endpoints[0].Faults.BlackHole();

        var watch = Stopwatch.StartNew();
        var info = await h.Client.App.GetInfoAsync();

        Assert.False(string.IsNullOrEmpty(info.Name));
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}: {string.Join(" / ", Logs)}");
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.RequestsFor("GET /info")));
    }

    [Fact]
    public async Task Streaming_generation_into_a_black_hole_ends_early_and_is_not_retried_without_opt_in()
    {
        await using var h = await StartAsync();
        h.Topology.Regions[0].Endpoints[0].Faults.BlackHole();

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (var _ in h.Client.Chat.StreamAsync(PipelineHarness.Chat()))
            {
            }
        });

        Assert.True(error.Message.Contains("unreachable", StringComparison.Ordinal), error.Message + " | " + h.Transport.Pool.DescribeStates() + " | " + string.Join(" / ", Logs));
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}: {string.Join(" / ", Logs)}");
        // Sent, so ambiguous: the black hole may have swallowed a running generation. Not re-sent elsewhere.
        Assert.Equal(0, h.RegionTotal(1, e => e.Stats.RequestsFor(ChatPost)));
    }

    [Fact]
    public async Task Streaming_generation_into_a_black_hole_fails_over_early_with_the_generation_retry_opt_in()
    {
        await using var h = await StartAsync(p => p.AllowGenerationRetry = true);
        h.Topology.Regions[0].Endpoints[0].Faults.BlackHole();

        var watch = Stopwatch.StartNew();
        var events = new List<DifyStreamEvent>();
        await foreach (var e in h.Client.Chat.StreamAsync(PipelineHarness.Chat())) events.Add(e);

        Assert.IsType<MessageEndEvent>(events[^1]);
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}: {string.Join(" / ", Logs)}");
        Assert.Equal(1, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
    }

    private static readonly ConcurrentQueue<string> Logs = new();

    private sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new L(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class L(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => category.StartsWith("Dify", StringComparison.Ordinal);

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Logs.Enqueue($"{DateTime.UtcNow:ss.fff} {formatter(state, exception)}");
    }
}
