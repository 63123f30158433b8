namespace Dify.HA.Client;

/// <summary>
/// A complete stream frame could not be read: its <c>data:</c> is not valid JSON (or not a JSON object), or an
/// event is larger than the configured limit. Dify never sends such frames, so this means corruption on the way.
/// </summary>
/// <remarks>
/// The message never quotes the payload (it may hold user data); <see cref="Exception.InnerException"/> is the
/// <see cref="System.Text.Json.JsonException"/> with the position. The classifier treats it like a reset after sending.
/// </remarks>
public sealed class DifyStreamFormatException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DifyStreamFormatException()
        : this("A Dify stream frame could not be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DifyStreamFormatException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DifyStreamFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Progress = new DifyStreamProgress();
    }

    /// <summary>Creates the exception from a reader's state.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="progress">How far the stream got.</param>
    /// <param name="endpoint">The endpoint the stream came from, if known.</param>
    /// <param name="innerException">The cause.</param>
    public DifyStreamFormatException(string message, DifyStreamProgress progress, Uri? endpoint, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(progress);
        Progress = progress;
        Endpoint = endpoint;
    }

    /// <summary>How far the stream got.</summary>
    public DifyStreamProgress Progress { get; }

    /// <summary>The endpoint the stream came from, if known.</summary>
    public Uri? Endpoint { get; }
}
