using System.Globalization;
using Dify.HA.Client;

namespace Dify.HA.WebApi.Chat;

/// <summary>Turns a failure of the Dify call into a <see cref="ChatError"/> for the page. The texts are our own: an
/// exception's message may name an endpoint, which the browser has no business seeing.</summary>
internal static class ChatErrorMapper
{
    public static ChatError From(Exception exception) => exception switch
    {
        DifyNoHealthyEndpointException => new(ChatErrorTypes.Unavailable, "Dify is unavailable in every region right now. Please try again in a moment."),
        DifyApiException { IsMidStream: true } api => new(ChatErrorTypes.DifyError,
            string.Create(CultureInfo.InvariantCulture, $"Dify stopped the answer with an error ({api.Code})."), api.StatusCode, api.Code),
        DifyApiException api => new(ChatErrorTypes.DifyError,
            string.Create(CultureInfo.InvariantCulture, $"Dify refused the request ({api.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no status"} {api.Code})."), api.StatusCode, api.Code),
        DifyStreamIdleTimeoutException => new(ChatErrorTypes.StreamInterrupted, "The answer stopped arriving (Dify went silent). The partial answer is shown."),
        DifyStreamInterruptedException or DifyStreamTruncatedException or DifyStreamFormatException or IOException =>
            new(ChatErrorTypes.StreamInterrupted, "The answer was cut off. The partial answer is shown."),
        HttpRequestException => new(ChatErrorTypes.Unavailable, "Dify could not be reached. Please try again in a moment."),
        TimeoutException or TaskCanceledException => new(ChatErrorTypes.Timeout, "Dify did not answer in time."),
        ArgumentException => new(ChatErrorTypes.InvalidRequest, "The request was not valid for Dify."),
        _ => new(ChatErrorTypes.Internal, "Something went wrong on the server."),
    };
}
