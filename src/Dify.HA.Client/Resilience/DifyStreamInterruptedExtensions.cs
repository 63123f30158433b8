namespace Dify.HA.Client;

/// <summary>Reads back what Dify persisted of a chat generation whose stream was interrupted.</summary>
public static class DifyStreamInterruptedExtensions
{
    /// <summary>
    /// Reads the message of an interrupted chat stream from <c>GET /messages</c> (routed to the conversation's region).
    /// Dify persists the message from the start and completes it when the generation ends: check
    /// <see cref="DifyMessage.Status"/> and call again later for the full answer.
    /// </summary>
    /// <param name="client">The client that ran the stream.</param>
    /// <param name="interruption">The exception the stream raised.</param>
    /// <param name="user">The end user of the conversation (default: the client's DefaultUser).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message, or null when the stream had no conversation (completion apps) or the message is not listed yet.</returns>
    public static async Task<DifyMessage?> ReadPersistedMessageAsync(
        this IDifyClient client, DifyStreamInterruptedException interruption, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(interruption);
        if (string.IsNullOrEmpty(interruption.ConversationId)) return null;
        var page = await client.Messages.ListAsync(interruption.ConversationId, user, limit: 20, cancellationToken: cancellationToken).ConfigureAwait(false);
        // The latest page runs oldest → newest: the interrupted message is normally the last one.
        for (var i = page.Data.Count - 1; i >= 0; i--)
        {
            var message = page.Data[i];
            if (interruption.MessageId is null || string.Equals(message.Id, interruption.MessageId, StringComparison.Ordinal)) return message;
        }
        return null;
    }
}
