using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dify.HA.Client.Tests.Resilience;

public sealed class HttpLoggingTests
{
    [Fact]
    public async Task Requests_are_logged_under_the_client_handler_category_without_their_query_when_information_is_enabled()
    {
        var provider = new ListLoggerProvider();
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 1,
            configureServices: s => s.AddLogging(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Information)));

        await h.Client.App.GetInfoAsync();
        var answer = await h.Client.Chat.SendAsync(PipelineHarness.Chat());
        await h.Client.Messages.ListAsync(answer.ConversationId!, PipelineHarness.User);

        var category = $"System.Net.Http.HttpClient.Dify.HA.Client:{PipelineHarness.ClientName}.ClientHandler";
        var lines = provider.Entries.Where(e => e.Category == category).ToList();
        Assert.Contains(lines, e => e.EventId == 100 && e.Message.StartsWith("Sending HTTP request GET http://", StringComparison.Ordinal) && e.Message.EndsWith("/v1/info", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.EventId == 101 && e.Message.EndsWith("- 200", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.EventId == 100 && e.Message.EndsWith("/v1/messages?*", StringComparison.Ordinal));
        // Query strings carry user and conversation ids: never logged.
        Assert.DoesNotContain(lines, e => e.Message.Contains(PipelineHarness.User, StringComparison.Ordinal));
    }

    private sealed record Entry(string Category, int EventId, string Message);

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, Entries);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => entries.Enqueue(new Entry(category, eventId.Id, formatter(state, exception)));
    }
}
