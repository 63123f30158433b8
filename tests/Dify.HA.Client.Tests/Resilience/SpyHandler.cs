namespace Dify.HA.Client.Tests.Resilience;

/// <summary>Calls a callback with each request before sending it on.</summary>
internal sealed class SpyHandler(Action<HttpRequestMessage> onRequest) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        onRequest(request);
        return base.SendAsync(request, cancellationToken);
    }
}
