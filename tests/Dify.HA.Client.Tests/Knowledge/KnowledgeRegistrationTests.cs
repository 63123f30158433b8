using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>A Knowledge API key is configured like an app key, under one AddDifyClient, and gets the same pipeline.</summary>
public sealed class KnowledgeRegistrationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen) Seen.Add($"{request.Method} {request.RequestUri} {request.Headers.Authorization}");
            return Task.FromResult(answer(request));
        }
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task A_dataset_key_in_configuration_gives_a_keyed_knowledge_client_that_sends_it()
    {
        var handler = new RecordingHandler(_ => Json("[{\"id\":\"t1\",\"name\":\"Docs\",\"type\":\"knowledge\"}]"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([
            new("Dify:Clients:kb:BaseUrl", "http://127.0.0.1:9/v1"),
            new("Dify:Clients:kb:ApiKey", KnowledgeIds.Key)]);
        builder.Services.AddDifyClient("kb").ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => handler));
        using var host = builder.Build();
        await host.StartAsync();

        var kb = host.Services.GetRequiredKeyedService<IDifyKnowledgeClient>("kb");
        var tags = await kb.Tags.ListAsync();

        Assert.Equal("kb", kb.Name);
        Assert.Same(kb, host.Services.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient("kb"));
        Assert.Equal("Docs", Assert.Single(tags).Name);
        Assert.Equal($"GET http://127.0.0.1:9/v1/datasets/tags Bearer {KnowledgeIds.Key}", Assert.Single(handler.Seen));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_app_client_of_a_name_with_a_dataset_key_is_refused_with_the_way_to_the_knowledge_client()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Config(("Dify:Clients:kb:BaseUrl", "https://dify.example/v1"), ("Dify:Clients:kb:ApiKey", KnowledgeIds.Key)));
        services.AddDifyClient("kb");
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IDifyClientFactory>().CreateClient("kb"));

        Assert.Contains("Dify:Clients:kb:ApiKey is a Knowledge API key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CreateKnowledgeClient(\"kb\")", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KnowledgeIds.Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_knowledge_client_of_a_name_with_an_app_key_is_refused()
    {
        var services = new ServiceCollection();
        services.AddDifyClient("support", o => { o.BaseUrl = new Uri("https://dify.example/v1"); o.ApiKey = "app-secret-123"; });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IDifyKnowledgeClient>("support"));

        Assert.Contains("Dify:Clients:support:ApiKey is an app key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("app-secret-123", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(provider.GetRequiredService<IDifyClientFactory>().CreateClient("support"));
    }

    [Fact]
    public async Task A_dataset_key_passes_start_up_validation_and_other_rules_still_apply()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Dify:Clients:kb:BaseUrl", "relative/v1"), new("Dify:Clients:kb:ApiKey", KnowledgeIds.Key)]);
        builder.Services.AddDifyClient("kb");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Dify:Clients:kb:BaseUrl must be an absolute http(s) URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Knowledge API key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_name_registers_an_unkeyed_knowledge_client()
    {
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = new Uri("https://dify.example/v1"); o.ApiKey = KnowledgeIds.Key; });
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(DifyClientOptions.DefaultName, provider.GetRequiredService<IDifyKnowledgeClient>().Name);
    }

    [Fact]
    public async Task A_knowledge_client_fails_over_across_the_topology_like_an_app_client()
    {
        var handler = new RecordingHandler(r => r.RequestUri!.Host == "127.0.0.1"
            ? Json("{\"code\":\"http_503\",\"message\":\"down\",\"status\":503}", HttpStatusCode.ServiceUnavailable)
            : Json("{\"id\":\"" + KnowledgeIds.Dataset + "\",\"name\":\"kb\"}"));
        var services = new ServiceCollection();
        services.AddSingleton(Config(
            ("Dify:Clients:kb:ApiKey", KnowledgeIds.Key),
            ("Dify:Clients:kb:BaseUrl", "http://127.0.0.1:9/v1"),
            ("Dify:Clients:kb:Resilience:BackoffBase", "00:00:00.001"),
            ("Dify:Clients:kb:Resilience:BackoffMax", "00:00:00.005"),
            ("Dify:Clients:kb:Topology:HealthProbe:Enabled", "false"),
            ("Dify:Clients:kb:Topology:Regions:0:Name", "primary"),
            ("Dify:Clients:kb:Topology:Regions:0:Endpoints:0:BaseUrl", "http://127.0.0.1:9/v1"),
            ("Dify:Clients:kb:Topology:Regions:1:Name", "backup"),
            ("Dify:Clients:kb:Topology:Regions:1:Priority", "1"),
            ("Dify:Clients:kb:Topology:Regions:1:Endpoints:0:BaseUrl", "http://127.0.0.2:9/v1")));
        services.AddDifyClient("kb").ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => handler));
        await using var provider = services.BuildServiceProvider();

        var dataset = await provider.GetRequiredKeyedService<IDifyKnowledgeClient>("kb").Datasets.GetAsync(KnowledgeIds.Dataset);

        Assert.Equal("kb", dataset.Name);
        Assert.Equal(2, handler.Seen.Count);
        Assert.StartsWith("GET http://127.0.0.1:9/v1/datasets/", handler.Seen[0], StringComparison.Ordinal);
        Assert.StartsWith("GET http://127.0.0.2:9/v1/datasets/", handler.Seen[1], StringComparison.Ordinal);
    }
}
