using Dify.HA.Client;
using Dify.HA.Client.Routing;
using Dify.HA.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Tests.DependencyInjection;

public sealed class DifyClientRegistrationTests : IAsyncLifetime
{
    private DifyEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await DifyEmulator.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private static IConfiguration Config(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task Named_clients_reach_different_apps()
    {
        var services = new ServiceCollection();
        services.AddDifyClient("support", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-chat"; });
        services.AddDifyClient("reports", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-workflow"; });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IDifyClientFactory>();

        var support = factory.CreateClient("support");
        var reports = factory.CreateClient("reports");

        Assert.Equal("chat", (await support.App.GetInfoAsync()).Mode);
        Assert.Equal("workflow", (await reports.App.GetInfoAsync()).Mode);
        Assert.Equal("support", support.Name);
        Assert.Same(support, factory.CreateClient("support"));
        Assert.Same(reports, provider.GetRequiredKeyedService<IDifyClient>("reports"));
    }

    [Fact]
    public async Task Unnamed_registration_gives_IDifyClient_under_the_default_name()
    {
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-completion"; });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IDifyClient>();

        Assert.Equal(DifyClientOptions.DefaultName, client.Name);
        Assert.Equal("completion", (await client.App.GetInfoAsync()).Mode);
    }

    [Fact]
    public async Task Options_bind_from_Dify_Clients_name_of_the_app_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Config(
            ("Dify:Clients:support:BaseUrl", _emu.BaseUrl.ToString()),
            ("Dify:Clients:support:ApiKey", "app-agent"),
            ("Dify:Clients:support:Timeout", "00:00:20"),
            ("Dify:Clients:support:DefaultUser", "svc")));
        services.AddDifyClient("support");
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<DifyClientOptions>>().Get("support");
        var client = provider.GetRequiredService<IDifyClientFactory>().CreateClient("support");

        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal("svc", options.DefaultUser);
        Assert.Equal("agent-chat", (await client.App.GetInfoAsync()).Mode);
    }

    [Fact]
    public void Code_configuration_runs_after_the_app_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Config(("Dify:Clients:x:BaseUrl", "http://from-config/v1"), ("Dify:Clients:x:ApiKey", "app-config")));
        services.AddDifyClient("x", o => o.ApiKey = "app-code");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<DifyClientOptions>>().Get("x");

        Assert.Equal("app-code", options.ApiKey);
        Assert.Equal(new Uri("http://from-config/v1"), options.BaseUrl);
    }

    [Fact]
    public async Task Options_bind_from_a_given_section_and_messages_name_its_keys()
    {
        var config = Config(("Custom:Dify:BaseUrl", _emu.BaseUrl.ToString()), ("Custom:Dify:ApiKey", "app-chat"));
        var services = new ServiceCollection();
        services.AddDifyClient("custom", config.GetSection("Custom:Dify"));
        await using (var provider = services.BuildServiceProvider())
            Assert.Equal("chat", (await provider.GetRequiredService<IDifyClientFactory>().CreateClient("custom").App.GetInfoAsync()).Mode);

        var broken = new ServiceCollection();
        broken.AddDifyClient("custom", Config(("Custom:Dify:BaseUrl", "not a url")).GetSection("Custom:Dify"));
        await using var brokenProvider = broken.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => brokenProvider.GetRequiredService<IDifyClientFactory>().CreateClient("custom"));
        Assert.Contains("Custom:Dify:BaseUrl must be an absolute http(s) URL, e.g. https://api.dify.ai/v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Custom:Dify:ApiKey is required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BaseUrl", null, "Dify:Clients:bad:BaseUrl is required")]
    [InlineData("BaseUrl", "api.dify.ai/v1", "Dify:Clients:bad:BaseUrl must be an absolute http(s) URL, e.g. https://api.dify.ai/v1")]
    [InlineData("BaseUrl", "ftp://files.example.com/v1", "Dify:Clients:bad:BaseUrl must be an absolute http(s) URL")]
    [InlineData("BaseUrl", "https://api.dify.ai/v1?x=1", "Dify:Clients:bad:BaseUrl must not carry a query")]
    [InlineData("ApiKey", null, "Dify:Clients:bad:ApiKey is required")]
    [InlineData("ApiKey", "dataset-abc", "Dify:Clients:bad:ApiKey is a Knowledge API key")]
    [InlineData("Timeout", "00:00:00", "Dify:Clients:bad:Timeout must be between 00:00:01 and 01:00:00")]
    [InlineData("StreamIdleTimeout", "02:00:00", "Dify:Clients:bad:StreamIdleTimeout must be between 00:00:01 and 01:00:00")]
    [InlineData("MaxUploadBytes", "0", "Dify:Clients:bad:MaxUploadBytes must be between 1 and")]
    [InlineData("DefaultUser", " ", "Dify:Clients:bad:DefaultUser must be non-blank")]
    public void Invalid_options_fail_with_a_message_naming_the_key(string key, string? value, string expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["Dify:Clients:bad:BaseUrl"] = "https://api.dify.ai/v1",
            ["Dify:Clients:bad:ApiKey"] = "app-valid",
        };
        values["Dify:Clients:bad:" + key] = value;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddDifyClient("bad");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IDifyClientFactory>().CreateClient("bad"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_up()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Dify:Clients:support:BaseUrl", "/relative")]);
        builder.Services.AddDifyClient("support");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dify:Clients:support:BaseUrl must be an absolute http(s) URL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Dify:Clients:support:ApiKey is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_client_name_says_which_names_exist()
    {
        var services = new ServiceCollection();
        services.AddDifyClient("support", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-chat"; });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IDifyClientFactory>().CreateClient("sales"));

        Assert.Contains("'sales'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'support'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddDifyClient(\"sales\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_carries_the_name_and_services_for_later_pipeline_calls()
    {
        var services = new ServiceCollection();

        var builder = services.AddDifyClient("support", o => { });

        Assert.Equal("support", builder.Name);
        Assert.Same(services, builder.Services);
        Assert.Throws<ArgumentException>(() => services.AddDifyClient("a:b", o => { }));
    }

    [Fact]
    public async Task A_transport_registered_later_for_the_name_replaces_the_single_endpoint_one()
    {
        var services = new ServiceCollection();
        var builder = services.AddDifyClient("support", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-chat"; });
        var fake = new RecordingTransport();
        builder.Services.AddKeyedSingleton<IDifyTransport>(builder.Name, fake);
        await using var provider = services.BuildServiceProvider();

        var info = await provider.GetRequiredService<IDifyClientFactory>().CreateClient("support").App.GetInfoAsync();

        Assert.Equal("from the fake", info.Name);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("getChatAppInfo", request.Operation);
        Assert.Equal(DifyOperationKind.Read, request.Kind);
        Assert.Equal(0, _emu.Stats.Requests);
    }

    [Fact]
    public async Task Requests_handed_to_the_transport_can_be_sent_again()
    {
        var services = new ServiceCollection();
        var builder = services.AddDifyClient("support", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-chat"; });
        var fake = new RecordingTransport();
        builder.Services.AddKeyedSingleton<IDifyTransport>(builder.Name, fake);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IDifyClientFactory>().CreateClient("support");
        var conversation = "9DA23599-E713-473B-982C-4328D4F5C78A";

        await client.Chat.SendAsync(new ChatMessageRequest { Query = "hi", User = "u", ConversationId = conversation });
        var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("file body"));
        await client.Files.UploadAsync(file, "a.txt", "text/plain", "u");

        var chat = fake.Requests[0];
        Assert.Equal(DifyOperationKind.Generation, chat.Kind);
        Assert.Equal(conversation.ToLowerInvariant(), chat.ConversationId);
        var first = await chat.ContentFactory!().ReadAsStringAsync();
        var second = await chat.ContentFactory!().ReadAsStringAsync();
        Assert.Equal(first, second);
        Assert.Contains("\"conversation_id\":\"9da23599-e713-473b-982c-4328d4f5c78a\"", first, StringComparison.Ordinal);

        var upload = fake.Requests[1];
        Assert.True(upload.IsReplayable);
        Assert.Contains("file body", await upload.ContentFactory!().ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("file body", await upload.ContentFactory!().ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_level_transport_supplies_the_stream_events()
    {
        var services = new ServiceCollection();
        var builder = services.AddDifyClient("support", o => { o.BaseUrl = _emu.BaseUrl; o.ApiKey = "app-chat"; o.StreamIdleTimeout = TimeSpan.FromSeconds(45); });
        var fake = new EventTransport();
        builder.Services.AddKeyedSingleton<IDifyTransport>(builder.Name, fake);
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDifyClientFactory>().CreateClient("support")
            .Chat.StreamAsync(new ChatMessageRequest { Query = "hi", User = "u" }).CollectAnswerAsync();

        Assert.Equal("from events", result.Answer);
        Assert.Equal(TimeSpan.FromSeconds(45), fake.IdleTimeout);
        Assert.Equal(0, _emu.Stats.Requests);
    }

    private sealed class EventTransport : IDifyEventStreamTransport
    {
        public TimeSpan? IdleTimeout { get; private set; }

        public ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("streams go through StreamEventsAsync");

        public async IAsyncEnumerable<DifyStreamEvent> StreamEventsAsync(DifyRequest request, DifyStreamReadOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            IdleTimeout = options.IdleTimeout;
            await Task.Yield();
            yield return new MessageEvent { Answer = "from events", TaskId = "t" };
            yield return new MessageEndEvent { TaskId = "t" };
        }
    }

    private sealed class RecordingTransport : IDifyTransport
    {
        public List<DifyRequest> Requests { get; } = [];

        public ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return ValueTask.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""{"name":"from the fake","mode":"chat"}""", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
