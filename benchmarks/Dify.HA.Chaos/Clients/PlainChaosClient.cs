using Dify.HA.Chaos.Load;

namespace Dify.HA.Chaos.Clients;

/// <summary>A bare HttpClient on the primary URL: what most Dify integrations do today.</summary>
internal sealed class PlainChaosClient : IChaosClient
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public PlainChaosClient(ChaosEndpoints endpoints, ClientCounters counters)
    {
        _baseUrl = new Uri(endpoints.Primary.GetLeftPart(UriPartial.Authority) + "/");
        _http = new HttpClient(new RecordingHandler(counters) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Name => "plain";

    public string? Note => null;

    public Task<bool> CallAsync(CallKind kind, string query, string user, CallContext context, CancellationToken cancellationToken)
        => RawDifyCalls.CallAsync(_http, _baseUrl, kind, query, user, context, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
