using System.Net.Sockets;

namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>An in-process "server" that refuses every connection, as a dead host does (never sent: any call may retry).</summary>
internal sealed class RefusingHandler : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromException<HttpResponseMessage>(new HttpRequestException(
            HttpRequestError.ConnectionError, "Connection refused (in-process)", new SocketException((int)SocketError.ConnectionRefused)));
}
