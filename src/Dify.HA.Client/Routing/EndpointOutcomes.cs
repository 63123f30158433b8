using System.Net.Sockets;

namespace Dify.HA.Client.Routing;

/// <summary>Maps what an attempt ended with to an <see cref="EndpointOutcome"/>, so that every caller judges endpoints alike.</summary>
internal static class EndpointOutcomes
{
    /// <summary>The outcome of an attempt that got an HTTP status.</summary>
    public static EndpointOutcome FromStatus(int statusCode) => statusCode switch
    {
        >= 200 and < 400 => EndpointOutcome.Success,
        // 408: the server (or its proxy) gave up waiting: the path to the endpoint is slow or broken.
        408 => EndpointOutcome.Failure,
        // 501/505 are the same everywhere: a caller problem, not the endpoint's.
        501 or 505 => EndpointOutcome.Neutral,
        >= 500 => EndpointOutcome.Failure,
        // 4xx, 429 included (see EndpointOutcome's remarks).
        _ => EndpointOutcome.Neutral,
    };

    /// <summary>The outcome of an attempt that ended with an exception (the caller's own cancellation excluded: dispose
    /// the attempt without completing it instead).</summary>
    public static EndpointOutcome FromException(Exception exception) => exception switch
    {
        DifyApiException api when api.StatusCode is { } status => FromStatus(status),
        DifyApiException => EndpointOutcome.Failure, // an error event inside a stream: the server failed mid-way
        HttpRequestException { StatusCode: { } status } => FromStatus((int)status),
        HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException
            or DifyStreamIdleTimeoutException or DifyStreamTruncatedException or DifyStreamFormatException
            or System.Security.Authentication.AuthenticationException => EndpointOutcome.Failure,
        _ => EndpointOutcome.Neutral, // a bug or bad input on our side
    };
}
