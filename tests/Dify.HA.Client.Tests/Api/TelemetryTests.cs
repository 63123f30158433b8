using System.Collections.Concurrent;
using System.Diagnostics;
using Dify.HA.Client;
using Dify.HA.Client.Telemetry;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Api;

public sealed class TelemetryTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "app-telemetry-SECRET-42";
    private readonly string _name = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;
    private DifyEmulator _emu = null!;
    private ServiceProvider _provider = null!;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DifyClientTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem(DifyClientTelemetry.ClientNameTag) as string is { } n && n.StartsWith(_name, StringComparison.Ordinal)) _activities.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync()
    {
        _emu = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(1) });
        var services = new ServiceCollection();
        services.AddDifyClient(_name, o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-chat"; o.DefaultUser = "u"; });
        services.AddDifyClient(_name + "-bad", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = Secret; });
        _provider = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _emu.DisposeAsync();
    }

    public void Dispose() => _listener.Dispose();

    private IDifyClient Client(string suffix = "") => _provider.GetRequiredService<IDifyClientFactory>().CreateClient(_name + suffix);

    [Fact]
    public async Task Each_call_has_an_activity_with_operation_and_outcome()
    {
        await Client().App.GetInfoAsync();

        var activity = Assert.Single(_activities);
        Assert.Equal("dify.getChatAppInfo", activity.OperationName);
        Assert.Equal("getChatAppInfo", activity.GetTagItem(DifyClientTelemetry.OperationTag));
        Assert.Equal(DifyClientTelemetry.OutcomeSuccess, activity.GetTagItem(DifyClientTelemetry.OutcomeTag));
        Assert.Equal("Read", activity.GetTagItem(DifyClientTelemetry.OperationKindTag));
        Assert.Equal(ActivityStatusCode.Ok, activity.Status);
    }

    [Fact]
    public async Task Failed_call_records_error_code_and_never_the_key()
    {
        await Assert.ThrowsAsync<DifyApiException>(() => Client("-bad").App.GetInfoAsync());

        var activity = Assert.Single(_activities);
        Assert.Equal(DifyClientTelemetry.OutcomeError, activity.GetTagItem(DifyClientTelemetry.OutcomeTag));
        Assert.Equal("unauthorized", activity.GetTagItem(DifyClientTelemetry.ErrorCodeTag));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.All(activity.TagObjects, t => Assert.DoesNotContain(Secret, t.Value?.ToString() ?? "", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, activity.StatusDescription ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_activity_spans_the_enumeration_and_counts_events()
    {
        var count = 0;
        await foreach (var _ in Client().Chat.StreamAsync(new ChatMessageRequest { Query = "hello" })) count++;

        var activity = Assert.Single(_activities);
        Assert.Equal("dify.sendChatMessage", activity.OperationName);
        Assert.Equal(true, activity.GetTagItem(DifyClientTelemetry.StreamingTag));
        Assert.Equal(count, activity.GetTagItem(DifyClientTelemetry.StreamEventCountTag));
        Assert.Equal(DifyClientTelemetry.OutcomeSuccess, activity.GetTagItem(DifyClientTelemetry.OutcomeTag));
    }

    [Fact]
    public async Task Leaving_a_stream_early_is_recorded_as_cancelled()
    {
        await foreach (var _ in Client().Chat.StreamAsync(new ChatMessageRequest { Query = "hello" })) break;

        var activity = Assert.Single(_activities);
        Assert.Equal(DifyClientTelemetry.OutcomeCancelled, activity.GetTagItem(DifyClientTelemetry.OutcomeTag));
        Assert.Equal(1, activity.GetTagItem(DifyClientTelemetry.StreamEventCountTag));
    }
}
