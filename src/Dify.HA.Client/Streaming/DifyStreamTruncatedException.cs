namespace Dify.HA.Client;

/// <summary>
/// A Dify stream ended (the connection closed) before a terminal event (<c>message_end</c>, <c>workflow_finished</c>
/// or <c>workflow_paused</c>), or in the middle of an event. What was delivered before is valid but incomplete.
/// </summary>
/// <remarks>The classifier treats it as a reset after sending: Read → Transient, Generation/Write → Ambiguous.</remarks>
public sealed class DifyStreamTruncatedException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DifyStreamTruncatedException()
        : this("The Dify stream ended before its terminal event.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DifyStreamTruncatedException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DifyStreamTruncatedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Progress = new DifyStreamProgress();
    }

    /// <summary>Creates the exception from a reader's state.</summary>
    /// <param name="message">What was cut.</param>
    /// <param name="progress">How far the stream got.</param>
    /// <param name="endpoint">The endpoint the stream came from, if known.</param>
    public DifyStreamTruncatedException(string message, DifyStreamProgress progress, Uri? endpoint)
        : base(message)
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
