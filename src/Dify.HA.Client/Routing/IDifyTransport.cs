namespace Dify.HA.Client.Routing;

/// <summary>
/// The seam between the API layer (shapes, validation, parsing) and the way a call reaches Dify.
/// The HA pipeline (<c>Resilience/Internal/HaTransport</c>, keyed service <c>IDifyTransport</c> under the client's name)
/// implements it for every client (a single BaseUrl is a topology of one endpoint): it chooses among endpoints,
/// retries and fails over, without the API layer changing.
/// </summary>
/// <remarks>
/// Contract: on success the caller owns (and disposes) the returned response, whose status is 2xx. A non-success
/// status is turned into a <see cref="DifyApiException"/> by the transport (via <c>DifyApiErrorReader</c>), so that
/// failure classification happens in one place and the pipeline can decide whether to try another endpoint.
/// For <see cref="DifyRequest.Streaming"/> requests the response is returned as soon as its headers arrive.
/// </remarks>
internal interface IDifyTransport
{
    /// <summary>Sends <paramref name="request"/> and returns the successful response.</summary>
    ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken);
}
