using Dify.HA.Client.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary><c>Documents.WaitForIndexingAsync</c>: backoff, deadline, progress and the knowledge rate limit, on a fake clock.</summary>
public sealed class WaitForIndexingTests
{
    private const string D = KnowledgeIds.Dataset;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    private sealed class ListProgress : IProgress<DifyIndexingProgress>
    {
        public List<DifyIndexingProgress> Reports { get; } = [];

        public void Report(DifyIndexingProgress value)
        {
            lock (Reports) Reports.Add(value);
        }
    }

    private (ServiceProvider Provider, IDifyKnowledgeClient Client) Build(ScriptedTransport transport)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDifyClient("kb", o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = KnowledgeIds.Key; });
        services.AddKeyedSingleton<IDifyTransport>("kb", transport);
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient("kb"));
    }

    /// <summary>Moves the fake clock forward in small steps until the task ends (bounded, so a hang fails fast).</summary>
    private async Task<T> Drive<T>(Task<T> task, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (!task.IsCompleted && advanced <= limit)
        {
            await Task.Delay(1);
            if (task.IsCompleted) break;
            _time.Advance(step);
            advanced += step;
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!task.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(5);
        return await task;
    }

    [Fact]
    public async Task Waits_with_doubling_delays_reports_progress_and_returns_when_all_documents_completed()
    {
        var transport = new ScriptedTransport(_time,
            ScriptedTransport.Status(("waiting", 0, 0)),
            ScriptedTransport.Status(("indexing", 3, 10)),
            ScriptedTransport.Status(("indexing", 8, 10)),
            ScriptedTransport.Status(("completed", 10, 10)));
        var (provider, client) = Build(transport);
        await using var _ = provider;
        var progress = new ListProgress();
        var start = _time.GetUtcNow();

        var result = await Drive(client.Documents.WaitForIndexingAsync(D, "20261126000000123456", progress: progress), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        Assert.Equal("completed", Assert.Single(result).IndexingStatus);
        Assert.Equal(4, transport.CallCount);
        var at = transport.Calls.Select(c => (c.At - start).TotalSeconds).ToArray();
        // Delays 1 s, 2 s, 4 s (doubling from InitialDelay); never earlier, a step of slack later.
        double[] due = [0, 1, 3, 7];
        for (var i = 0; i < due.Length; i++) Assert.InRange(at[i], due[i], due[i] + 1.0);
        Assert.Equal([1, 2, 3, 4], progress.Reports.Select(p => p.Polls));
        Assert.Equal(3, progress.Reports[1].CompletedSegments);
        Assert.Equal(10, progress.Reports[1].TotalSegments);
        Assert.All(transport.Calls, c => Assert.Equal("datasets/" + D + "/documents/20261126000000123456/indexing-status", c.Request.PathAndQuery));
    }

    [Fact]
    public async Task Delay_is_capped_at_MaxDelay()
    {
        var transport = new ScriptedTransport(_time, Enumerable.Repeat(ScriptedTransport.Status(("indexing", 1, 2)), 6)
            .Append(ScriptedTransport.Status(("completed", 2, 2))).ToArray());
        var (provider, client) = Build(transport);
        await using var _ = provider;
        var options = new DifyIndexingWaitOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3) };
        var start = _time.GetUtcNow();

        await Drive(client.Documents.WaitForIndexingAsync(D, "b1", options), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        var at = transport.Calls.Select(c => (c.At - start).TotalSeconds).ToArray();
        double[] due = [0, 1, 3, 6, 9, 12, 15];
        for (var i = 0; i < due.Length; i++) Assert.InRange(at[i], due[i], due[i] + 1.0);
    }

    [Fact]
    public async Task The_knowledge_rate_limit_is_waited_out_not_raised()
    {
        var transport = new ScriptedTransport(_time,
            ScriptedTransport.Status(("indexing", 1, 4)),
            ScriptedTransport.KnowledgeRateLimit(),
            ScriptedTransport.Status(("completed", 4, 4)));
        var (provider, client) = Build(transport);
        await using var _ = provider;
        var progress = new ListProgress();
        var start = _time.GetUtcNow();

        var result = await Drive(client.Documents.WaitForIndexingAsync(D, "b1", progress: progress), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(3));

        Assert.Equal("completed", result[0].IndexingStatus);
        var at = transport.Calls.Select(c => (c.At - start).TotalSeconds).ToArray();
        Assert.InRange(at[1], 1, 1.6);
        // After the 403 the helper waits Dify's 60 s window, not its 2 s backoff.
        Assert.InRange(at[2] - at[1], 60, 61);
        Assert.True(progress.Reports[1].RateLimited);
        Assert.False(progress.Reports[2].RateLimited);
    }

    [Fact]
    public async Task A_document_that_ends_in_error_fails_the_wait_with_its_error()
    {
        var transport = new ScriptedTransport(_time, ScriptedTransport.Status(("completed", 2, 2), ("error", 0, 3)));
        var (provider, client) = Build(transport);
        await using var _ = provider;

        var ex = await Assert.ThrowsAsync<DifyIndexingFailedException>(() => client.Documents.WaitForIndexingAsync(D, "b1"));

        Assert.Equal("b1", ex.Batch);
        Assert.Equal(2, ex.Statuses.Count);
        Assert.Contains("doc-1: error (embedding model unavailable)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, transport.CallCount);
    }

    [Fact]
    public async Task Gives_up_at_the_deadline_with_a_TimeoutException_naming_the_batch()
    {
        var transport = new ScriptedTransport(_time, ScriptedTransport.Status(("indexing", 1, 9)));
        var (provider, client) = Build(transport);
        await using var _ = provider;
        var options = new DifyIndexingWaitOptions { Timeout = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(8) };
        var start = _time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => Drive(client.Documents.WaitForIndexingAsync(D, "b7", options), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2)));

        Assert.Contains("batch b7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DifyIndexingWaitOptions.Timeout", ex.Message, StringComparison.Ordinal);
        var last = (transport.Calls[^1].At - start).TotalSeconds;
        // The last poll is at the deadline (the wait before it is cut to what is left), not after it.
        Assert.InRange(last, 30, 30.5);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait()
    {
        var transport = new ScriptedTransport(_time, ScriptedTransport.Status(("indexing", 1, 9)));
        var (provider, client) = Build(transport);
        await using var _ = provider;
        using var cts = new CancellationTokenSource();

        var wait = client.Documents.WaitForIndexingAsync(D, "b1", cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Theory]
    [InlineData(0, 15, 600, 60, "options.InitialDelay")]
    [InlineData(2, 1, 600, 60, "options.MaxDelay")]
    [InlineData(1, 15, 0, 60, "options.Timeout")]
    [InlineData(1, 15, 600, -1, "options.RateLimitDelay")]
    public async Task Bad_wait_options_are_rejected_before_polling(double initial, double max, double timeout, double rateLimit, string paramName)
    {
        var transport = new ScriptedTransport(_time, ScriptedTransport.Status(("completed", 1, 1)));
        var (provider, client) = Build(transport);
        await using var _ = provider;
        var options = new DifyIndexingWaitOptions
        {
            InitialDelay = TimeSpan.FromSeconds(initial),
            MaxDelay = TimeSpan.FromSeconds(max),
            Timeout = TimeSpan.FromSeconds(timeout),
            RateLimitDelay = TimeSpan.FromSeconds(rateLimit),
        };

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Documents.WaitForIndexingAsync(D, "b1", options));

        Assert.Equal(paramName, ex.ParamName);
        Assert.Equal(0, transport.CallCount);
    }
}
