namespace Dify.HA.Client.Tests.Api;

/// <summary>A primary handler that records any call: bad input must be rejected before anything reaches it.</summary>
internal sealed class FailIfCalledHandler : HttpMessageHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException($"Nothing should have been sent, but {request.Method} {request.RequestUri} was.");
    }
}
