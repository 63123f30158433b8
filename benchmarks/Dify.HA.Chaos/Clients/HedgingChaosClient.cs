using Dify.HA.Chaos.Load;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Dify.HA.Chaos.Clients;

/// <summary>
/// HttpClient with <c>AddStandardHedgingHandler()</c> at its defaults (1 hedged attempt after 2 s, or at once on a
/// handled failure; per-endpoint breakers) routing over every endpoint: one ordered group per region (primary first),
/// the region's endpoints weighted equally inside it.
/// </summary>
internal sealed class HedgingChaosClient : IChaosClient
{
    private readonly ServiceProvider _services;
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public HedgingChaosClient(ChaosEndpoints endpoints, ClientCounters counters)
    {
        _baseUrl = new Uri(endpoints.Primary.GetLeftPart(UriPartial.Authority) + "/");
        var services = new ServiceCollection();
        services.AddHttpClient("hedging", c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardHedgingHandler(routing => routing.ConfigureOrderedGroups(o =>
            {
                foreach (var region in endpoints.Regions)
                {
                    var group = new UriEndpointGroup();
                    foreach (var endpoint in region)
                        group.Endpoints.Add(new WeightedUriEndpoint { Uri = new Uri(endpoint.GetLeftPart(UriPartial.Authority)), Weight = 1 });
                    o.Groups.Add(group);
                }
            })).Services
            .AddHttpClient("hedging")
            .AddHttpMessageHandler(() => new RecordingHandler(counters));
        _services = services.BuildServiceProvider();
        _http = _services.GetRequiredService<IHttpClientFactory>().CreateClient("hedging");
    }

    public string Name => "hedging";

    public string? Note => null;

    public Task<bool> CallAsync(CallKind kind, string query, string user, CallContext context, CancellationToken cancellationToken)
        => RawDifyCalls.CallAsync(_http, _baseUrl, kind, query, user, context, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
