using Dify.HA.Chaos.Load;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Chaos.Clients;

/// <summary>HttpClient on the primary URL with <c>AddStandardResilienceHandler()</c> at its defaults (retry 3× exponential
/// from 2 s with jitter, breaker at 10% over 30 s with 100 calls minimum, 10 s attempt and 30 s total timeouts).</summary>
internal sealed class StandardChaosClient : IChaosClient
{
    private readonly ServiceProvider _services;
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public StandardChaosClient(ChaosEndpoints endpoints, ClientCounters counters)
    {
        _baseUrl = new Uri(endpoints.Primary.GetLeftPart(UriPartial.Authority) + "/");
        var services = new ServiceCollection();
        services.AddHttpClient("standard", c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler().Services
            .AddHttpClient("standard")
            // Added after the resilience handler, so it sits inside it and sees every retry.
            .AddHttpMessageHandler(() => new RecordingHandler(counters));
        _services = services.BuildServiceProvider();
        _http = _services.GetRequiredService<IHttpClientFactory>().CreateClient("standard");
    }

    public string Name => "standard";

    public string? Note => null;

    public Task<bool> CallAsync(CallKind kind, string query, string user, CallContext context, CancellationToken cancellationToken)
        => RawDifyCalls.CallAsync(_http, _baseUrl, kind, query, user, context, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
