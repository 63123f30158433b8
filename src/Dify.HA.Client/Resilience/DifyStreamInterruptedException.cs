namespace Dify.HA.Client;

/// <summary>
/// A chat, agent or completion stream broke after its first event (the commit point). Dify has no resume for these:
/// the generation may still finish on the server, and what it persisted can be read back with
/// <c>client.ReadPersistedMessageAsync(exception, user)</c> (<c>GET /messages</c>). Carries what was delivered.
/// </summary>
public sealed class DifyStreamInterruptedException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DifyStreamInterruptedException()
        : this("The Dify stream was interrupted after its first event.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DifyStreamInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DifyStreamInterruptedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The answer text delivered before the break (concatenated <c>message</c> / <c>agent_message</c> deltas).</summary>
    public string PartialAnswer { get; init; } = string.Empty;

    /// <summary>The task id (to stop the generation), if seen.</summary>
    public string? TaskId { get; init; }

    /// <summary>The message id, if seen.</summary>
    public string? MessageId { get; init; }

    /// <summary>The conversation id (chat apps), if seen.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Events delivered before the break.</summary>
    public int EventsDelivered { get; init; }

    /// <summary>The region the stream came from, where the message is persisted.</summary>
    public string? Region { get; init; }
}
