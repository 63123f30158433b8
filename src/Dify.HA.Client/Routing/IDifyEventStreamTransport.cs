namespace Dify.HA.Client.Routing;

/// <summary>
/// An optional second slot of the seam, for transports that handle streams at the event level rather than at response
/// headers: the HA pipeline's commit point is the first meaningful event, and after it a workflow stream is re-attached
/// (<c>GET /workflow/{id}/events</c>) with the events already delivered skipped. When the client's transport implements
/// this interface the API layer takes its events from <see cref="StreamEventsAsync"/>; otherwise it sends the request
/// through <see cref="IDifyTransport.SendAsync"/> and reads the body with the SSE reader itself.
/// </summary>
internal interface IDifyEventStreamTransport : IDifyTransport
{
    /// <summary>Streams the events of a <see cref="DifyRequest.Streaming"/> request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The reader settings from the client's options (idle timeout, time provider, kind); the
    /// transport sets <see cref="DifyStreamReadOptions.Endpoint"/> per attempt.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    IAsyncEnumerable<DifyStreamEvent> StreamEventsAsync(DifyRequest request, DifyStreamReadOptions options, CancellationToken cancellationToken);
}
