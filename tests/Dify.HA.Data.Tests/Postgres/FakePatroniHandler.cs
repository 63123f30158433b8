using System.Net;

namespace Dify.HA.Data.Tests.Postgres;

/// <summary>An in-process stand-in for Patroni's REST API: answers <c>GET /primary</c> per host:port of the URL.</summary>
internal sealed class FakePatroniHandler : HttpMessageHandler
{
    private int _requests;

    /// <summary>Status per URL authority (e.g. <c>pg-a:8008</c>); unknown authorities fail like a refused connection.</summary>
    public Dictionary<string, HttpStatusCode> Status { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Requests => Volatile.Read(ref _requests);

    public List<string> Paths { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        lock (Paths) Paths.Add(request.RequestUri!.AbsolutePath);
        if (!Status.TryGetValue(request.RequestUri!.Authority, out var status))
        {
            throw new HttpRequestException("Connection refused");
        }

        return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request });
    }
}
