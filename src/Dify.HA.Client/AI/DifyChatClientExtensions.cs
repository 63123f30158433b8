using Microsoft.Extensions.AI;

namespace Dify.HA.Client;

/// <summary>Creates Microsoft.Extensions.AI chat clients over Dify clients: <c>difyClient.AsChatClient()</c>.</summary>
public static class DifyChatClientExtensions
{
    /// <summary>
    /// Wraps a Dify client of a chat, agent or chatflow app as an <see cref="IChatClient"/> (a
    /// <see cref="DifyChatClient"/>); calls go through the client's HA pipeline. Cheap: keep one per app.
    /// </summary>
    /// <param name="client">The Dify client.</param>
    /// <param name="options">Settings; default: <see cref="DifyChatClientOptions"/> defaults.</param>
    /// <returns>The chat client.</returns>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static IChatClient AsChatClient(this IDifyClient client, DifyChatClientOptions? options = null)
        => new DifyChatClient(client, options);
}
