namespace Dify.HA.Client;

/// <summary>Speech to text and text to speech.</summary>
public interface IDifyAudioApi
{
    /// <summary>Transcribes audio (<c>audioToText</c>, multipart).</summary>
    /// <param name="audio">The audio's bytes (mp3, m4a, wav, webm, amr, mpga, mpeg). Not disposed.</param>
    /// <param name="fileName">The file name with its extension, e.g. <c>question.mp3</c>.</param>
    /// <param name="contentType">The MIME type, e.g. <c>audio/mp3</c>. Default: derived from the extension.</param>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text.</returns>
    Task<string> AudioToTextAsync(Stream audio, string fileName, string? contentType = null, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Synthesizes speech from a message's answer or a text (<c>textToAudioChat</c>). Dispose the result.</summary>
    /// <param name="request">What to voice: a message id or a text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The audio bytes as a stream (usually <c>audio/mpeg</c>).</returns>
    Task<DifyBinaryContent> TextToAudioAsync(TextToAudioRequest request, CancellationToken cancellationToken = default);
}
