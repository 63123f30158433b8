using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>A container with one knowledge client named "kb" over the real HA pipeline, its primary handler given.</summary>
internal sealed class KnowledgeTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public KnowledgeTestHost(HttpMessageHandler primary, Action<DifyClientOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null) services.AddSingleton(time);
        services.AddDifyClient("kb", o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            o.ApiKey = KnowledgeIds.Key;
            // Keep the pipeline's own backoff short: these tests measure what is sent, not how long it waits.
            o.Resilience.BackoffBase = TimeSpan.FromMilliseconds(1);
            o.Resilience.BackoffMax = TimeSpan.FromMilliseconds(5);
            configure?.Invoke(o);
        }).ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => primary));
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient("kb");
    }

    public IDifyKnowledgeClient Client { get; }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
