namespace Dify.HA.Client;

/// <summary>
/// No byte at all (not even an <c>event: ping</c>) arrived on a stream for longer than its idle timeout. Dify pings
/// about every 10 s, so silence means a dead connection, a black-holed proxy or a stuck server.
/// </summary>
/// <remarks>The classifier treats it as a timeout after sending: Read → Transient, Generation/Write → Ambiguous.</remarks>
public sealed class DifyStreamIdleTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DifyStreamIdleTimeoutException()
        : this("The Dify stream went silent for longer than its idle timeout.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DifyStreamIdleTimeoutException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause (the cancelled read).</param>
    public DifyStreamIdleTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Progress = new DifyStreamProgress();
    }

    /// <summary>Creates the exception from a reader's state.</summary>
    /// <param name="idleTimeout">The timeout that expired.</param>
    /// <param name="progress">How far the stream got.</param>
    /// <param name="endpoint">The endpoint the stream came from, if known.</param>
    /// <param name="innerException">The cancelled read.</param>
    public DifyStreamIdleTimeoutException(TimeSpan idleTimeout, DifyStreamProgress progress, Uri? endpoint, Exception? innerException)
        : base($"No data (not even a ping) arrived on the Dify stream for {idleTimeout.TotalSeconds:0.###} s after {progress?.EventsRead ?? 0} event(s).", innerException)
    {
        ArgumentNullException.ThrowIfNull(progress);
        IdleTimeout = idleTimeout;
        Progress = progress;
        Endpoint = endpoint;
    }

    /// <summary>The idle timeout that expired.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>How far the stream got.</summary>
    public DifyStreamProgress Progress { get; }

    /// <summary>The endpoint the stream came from, if known.</summary>
    public Uri? Endpoint { get; }
}
