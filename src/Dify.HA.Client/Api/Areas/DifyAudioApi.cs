using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyAudioApi : IDifyAudioApi
{
    // Dify checks the part's MIME type against audio/<one of these>.
    private static readonly string[] AudioExtensions = ["mp3", "mp4", "mpeg", "mpga", "m4a", "wav", "webm", "amr"];

    private readonly DifyApiCore _core;

    public DifyAudioApi(DifyApiCore core) => _core = core;

    public async Task<string> AudioToTextAsync(Stream audio, string fileName, string? contentType = null, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var name = DifyMultipart.FileName(fileName, nameof(fileName));
        DifyMultipart.CheckSize(audio, _core.Options.MaxUploadBytes, nameof(audio));
        var type = DifyFilesApi.ContentType(contentType, nameof(contentType)) ?? GuessAudioType(name, nameof(fileName));
        var u = DifyArgument.OptionalUser(user, _core.Options, nameof(user));
        var (factory, replayable) = DifyMultipart.File(audio, name, type, u, _core.Options.MaxUploadBytes, progress: null);
        var request = _core.Request("audioToText", HttpMethod.Post, "audio-to-text", DifyOperationKind.Generation) with
        {
            ContentFactory = factory,
            IsReplayable = replayable,
        };
        var result = await _core.SendAsync(request, DifyApiJsonContext.Default.AudioToTextResult, cancellationToken).ConfigureAwait(false);
        return result.Text ?? string.Empty;
    }

    public Task<DifyBinaryContent> TextToAudioAsync(TextToAudioRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messageId = DifyArgument.OptionalId(request.MessageId, "request.MessageId", "message");
        if (messageId is null && string.IsNullOrWhiteSpace(request.Text))
            throw new ArgumentException("request needs a MessageId (to voice a message's answer) or a non-blank Text.", "request.Text");
        var body = request with { MessageId = messageId, User = DifyArgument.OptionalUser(request.User, _core.Options, "request.User") };
        var http = _core.Request("textToAudioChat", HttpMethod.Post, "text-to-audio", DifyOperationKind.Generation) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.TextToAudioRequest, nameof(request)),
            Streaming = true,
        };
        return _core.SendForContentAsync(http, cancellationToken);
    }

    private static string GuessAudioType(string fileName, string paramName)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (Array.IndexOf(AudioExtensions, extension) < 0)
            throw new ArgumentException(
                $"{paramName} '{fileName}' has no audio extension Dify accepts ({string.Join(", ", AudioExtensions)}): rename it, or pass contentType (e.g. audio/mp3).",
                paramName);
        return "audio/" + extension;
    }
}
