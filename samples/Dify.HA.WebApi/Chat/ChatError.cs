namespace Dify.HA.WebApi.Chat;

/// <summary>SSE <c>error</c> (and the body of a 400 answer): what went wrong, in words meant for the page. Never holds an
/// API key, a URL of a Dify endpoint or an exception message.</summary>
/// <param name="Type">One of <see cref="ChatErrorTypes"/>.</param>
/// <param name="Message">A sentence for the user.</param>
/// <param name="Status">Dify's HTTP status, for <c>dify_error</c>.</param>
/// <param name="Code">Dify's error code, for <c>dify_error</c>.</param>
public sealed record ChatError(string Type, string Message, int? Status = null, string? Code = null);
