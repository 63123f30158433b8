using System.Net;
using System.Net.Http.Headers;
using Dify.HA.Client;
using Dify.HA.Client.Tests.Streaming;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Api;

public sealed class TransportTests
{
    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class SilentStreamHandler : HttpMessageHandler
    {
        public ChannelStream Body { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<(HttpMethod Method, Uri Uri, AuthenticationHeaderValue? Auth, string? Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null || request.Content is MultipartFormDataContent ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Seen) Seen.Add((request.Method, request.RequestUri!, request.Headers.Authorization, body));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static (ServiceProvider Provider, IDifyClient Client) Build(Action<DifyClientOptions> configure, HttpMessageHandler primary, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddDifyClient("t", configure).ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => primary));
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IDifyClientFactory>().CreateClient("t"));
    }

    [Fact]
    public async Task Blocking_call_fails_with_a_timeout_after_the_configured_Timeout()
    {
        var time = new FakeTimeProvider();
        var handler = new HangingHandler();
        var (provider, client) = Build(o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = "app-k"; o.Timeout = TimeSpan.FromSeconds(20); }, handler, time);
        using var _ = provider;

        var call = client.App.GetInfoAsync();
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("DifyClientOptions.Timeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/info", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        var handler = new HangingHandler();
        var (provider, client) = Build(o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = "app-k"; }, handler, new FakeTimeProvider());
        using var _ = provider;
        using var cts = new CancellationTokenSource();

        var call = client.App.GetInfoAsync(cts.Token);
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Silent_stream_fails_after_the_configured_StreamIdleTimeout()
    {
        var time = new FakeTimeProvider();
        var handler = new SilentStreamHandler();
        var (provider, client) = Build(o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            o.ApiKey = "app-k";
            o.StreamIdleTimeout = TimeSpan.FromSeconds(30);
        }, handler, time);
        using var _ = provider;

        var read = Task.Run(async () =>
        {
            await foreach (var e in client.Chat.StreamAsync(new ChatMessageRequest { Query = "hi", User = "u" })) { }
        });
        var advanced = TimeSpan.Zero;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!read.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(5));
            advanced += TimeSpan.FromSeconds(5);
        }

        await Assert.ThrowsAsync<DifyStreamIdleTimeoutException>(() => read);
        Assert.True(advanced >= TimeSpan.FromSeconds(30), $"the stream gave up after {advanced} of silence, before the 30 s idle timeout");
    }

    [Fact]
    public async Task Requests_carry_the_bearer_key_and_resolve_under_the_base_path()
    {
        await using var emu = await DifyEmulator.StartAsync();
        var recorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = emu.BaseUrl; o.ApiKey = "app-chat"; })
            .ConfigureHttpClient(b => b.AddHttpMessageHandler(() => recorder));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IDifyClient>();

        var sent = await client.Chat.SendAsync(new ChatMessageRequest { Query = "hi", User = "u1" });
        await client.Conversations.DeleteAsync(sent.ConversationId!, "u1");

        var (method, uri, auth, body) = recorder.Seen[0];
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal(emu.BaseUrl + "/chat-messages", uri.ToString());
        Assert.Equal("Bearer", auth?.Scheme);
        Assert.Equal("app-chat", auth?.Parameter);
        Assert.Contains("\"response_mode\":\"blocking\"", body, StringComparison.Ordinal);
        Assert.Contains("\"inputs\":{}", body, StringComparison.Ordinal);
        var delete = recorder.Seen[1];
        Assert.Equal(HttpMethod.Delete, delete.Method);
        Assert.Equal("{\"user\":\"u1\"}", delete.Body);
    }

    [Fact]
    public async Task Upload_from_a_non_seekable_stream_works_and_reports_progress()
    {
        await using var emu = await DifyEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = emu.BaseUrl; o.ApiKey = "app-chat"; });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IDifyClient>();
        var body = new ChannelStream();
        body.Write(new string('x', 100_000));
        body.Complete();
        long last = 0;

        var uploaded = await client.Files.UploadAsync(body, "notes.txt", "text/plain", "u", new SyncProgress(v => Interlocked.Exchange(ref last, v)));

        Assert.Equal(100_000, uploaded.Size);
        Assert.Equal(100_000, Interlocked.Read(ref last));
    }

    [Fact]
    public async Task Non_seekable_upload_over_the_limit_is_cut_off()
    {
        await using var emu = await DifyEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = emu.BaseUrl; o.ApiKey = "app-chat"; o.MaxUploadBytes = 1000; });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IDifyClient>();
        var body = new ChannelStream();
        body.Write(new string('x', 5000));
        body.Complete();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.Files.UploadAsync(body, "big.txt", "text/plain", "u"));

        var messages = string.Join(" | ", Chain(ex).Select(e => e.Message));
        Assert.Contains("MaxUploadBytes", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
