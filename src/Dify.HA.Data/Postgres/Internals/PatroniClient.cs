namespace Dify.HA.Data.Postgres.Internals;

/// <summary>
/// Patroni's REST API answers <c>GET /primary</c> with 200 only on the node running as primary and holding the leader
/// lock (503 elsewhere): the split-brain guard refuses writes to a primary for which this is not true. Fails closed.
/// </summary>
internal sealed class PatroniClient : IPatroniClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    public PatroniClient(TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = timeout;
        _ownsClient = true;
    }

    public async Task<bool> IsLeaderAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "primary"));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode == 200;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // HttpClient.Timeout
        }
    }

    public void Dispose()
    {
        if (_ownsClient) _http.Dispose();
    }
}
