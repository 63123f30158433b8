using System.Net.Http.Headers;

namespace Dify.HA.Client.Routing;

/// <summary>
/// The transport for a client with one base URL: one attempt, no retries. Blocking calls are bounded by
/// <see cref="DifyClientOptions.Timeout"/> (measured with the injected <see cref="TimeProvider"/>), streaming calls
/// return at response headers.
/// </summary>
internal sealed class SingleEndpointTransport : IDifyTransport
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly Uri _baseUrl;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;

    public SingleEndpointTransport(IHttpClientFactory httpClientFactory, string httpClientName, Uri baseUrl, TimeSpan timeout, TimeProvider timeProvider)
    {
        _httpClientFactory = httpClientFactory;
        _httpClientName = httpClientName;
        // Uri's relative resolution drops the last segment unless the base ends with '/': ".../v1" + "info" would be "/info".
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _timeout = timeout;
        _timeProvider = timeProvider;
    }

    /// <summary>The base URL requests are sent to (always ending with '/').</summary>
    public Uri BaseUrl => _baseUrl;

    public async ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(_baseUrl, request.PathAndQuery));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.ApiKey);
        if (request.Streaming) message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        message.Content = request.ContentFactory?.Invoke();

        var client = _httpClientFactory.CreateClient(_httpClientName);
        var completion = request.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;

        using var timeoutCts = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, completion, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Dify did not answer {request.Method} /{StripQuery(request.PathAndQuery)} within {_timeout.TotalSeconds:0.###} s " +
                "(DifyClientOptions.Timeout); raise the timeout for long generations or use the streaming call.", ex);
        }

        if (response.IsSuccessStatusCode) return response;

        using (response)
        {
            throw await DifyApiErrorReader.ReadAsync(response, request.Kind, _baseUrl, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string StripQuery(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }
}
