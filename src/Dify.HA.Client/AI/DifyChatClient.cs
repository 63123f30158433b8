using System.Runtime.CompilerServices;
using Dify.HA.Client.AI.Internal;
using Microsoft.Extensions.AI;

namespace Dify.HA.Client;

/// <summary>
/// A Microsoft.Extensions.AI <see cref="IChatClient"/> over a Dify chat, agent or chatflow app. Every call goes
/// through the <see cref="IDifyClient"/> it wraps, so the whole HA pipeline (regions, breakers, retries, failover)
/// applies. Create it with <see cref="DifyChatClientExtensions.AsChatClient"/> or
/// <c>services.AddDifyChatClient(name)</c>; put M.E.AI middleware on top with <c>ChatClientBuilder</c>.
/// </summary>
/// <remarks>
/// Dify keeps the conversation: pass the previous <see cref="ChatResponse.ConversationId"/> as
/// <see cref="ChatOptions.ConversationId"/> and only the new user message. Model settings of <see cref="ChatOptions"/>
/// (model id, temperature, tools, response format…) are not sent: the Dify app decides them. docs/ai.md has the
/// whole mapping. Thread-safe; disposing it does not dispose the <see cref="IDifyClient"/>.
/// </remarks>
public sealed class DifyChatClient : IChatClient
{
    /// <summary>The provider name in <see cref="ChatClientMetadata"/>: <c>dify</c>.</summary>
    public const string ProviderName = "dify";

    /// <summary><see cref="ChatOptions.AdditionalProperties"/> key of the Dify end user (a string): <c>dify.user</c>.</summary>
    public const string UserPropertyName = "dify.user";

    /// <summary><see cref="ChatOptions.AdditionalProperties"/> key of the app's input variables (a dictionary or a JSON
    /// object): <c>dify.inputs</c>.</summary>
    public const string InputsPropertyName = "dify.inputs";

    /// <summary>Response and update <c>AdditionalProperties</c> key of Dify's task id (for stop): <c>dify.task_id</c>.</summary>
    public const string TaskIdPropertyName = "dify.task_id";

    /// <summary>Response and update <c>AdditionalProperties</c> key of Dify's full <see cref="DifyUsage"/> (with prices):
    /// <c>dify.usage</c>.</summary>
    public const string UsagePropertyName = "dify.usage";

    /// <summary>Response and update <c>AdditionalProperties</c> key of the cited knowledge
    /// (<c>IReadOnlyList&lt;DifyRetrieverResource&gt;</c>): <c>dify.retriever_resources</c>.</summary>
    public const string RetrieverResourcesPropertyName = "dify.retriever_resources";

    /// <summary>Update <c>AdditionalProperties</c> key of an agent step (an <see cref="AgentThoughtEvent"/>): <c>dify.agent_thought</c>.</summary>
    public const string AgentThoughtPropertyName = "dify.agent_thought";

    /// <summary>Update <c>AdditionalProperties</c> key set to true when moderation replaced the whole answer
    /// (<c>message_replace</c>): the update's text replaces everything streamed before. <c>dify.replace</c>.</summary>
    public const string ReplacePropertyName = "dify.replace";

    private readonly IDifyClient _client;
    private readonly DifyChatClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a chat client over <paramref name="client"/>.</summary>
    /// <param name="client">The Dify client of a chat, agent or chatflow app.</param>
    /// <param name="options">Settings; default: <see cref="DifyChatClientOptions"/> defaults. Copied: later changes do not apply.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public DifyChatClient(IDifyClient client, DifyChatClientOptions? options = null)
        : this(client, options, TimeProvider.System)
    {
    }

    internal DifyChatClient(IDifyClient client, DifyChatClientOptions? options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _options = options?.Clone() ?? new DifyChatClientOptions();
        _options.Validate();
        _time = timeProvider;
        _metadata = new ChatClientMetadata(ProviderName, _options.ProviderUri, _options.ModelId);
    }

    /// <summary>Sends the last user message and returns Dify's answer: a blocking <c>chat-messages</c> call, or a
    /// collected stream when <see cref="DifyChatClientOptions.UseStreamingForResponses"/> is set.</summary>
    /// <param name="messages">The messages; the last <see cref="ChatRole.User"/> message is the query.</param>
    /// <param name="options">Conversation id, <c>dify.user</c>, <c>dify.inputs</c>; other settings are not sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer with its message id (<see cref="ChatResponse.ResponseId"/>), conversation id and usage.</returns>
    /// <exception cref="ArgumentException">No user message, blank text, history without a conversation id, a system
    /// message without <see cref="DifyChatClientOptions.SystemPromptInput"/>, bad <c>dify.*</c> properties; nothing was sent.</exception>
    /// <exception cref="DifyApiException">Dify answered with an error (also a mid-stream <c>error</c> event).</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turn = DifyChatRequestMapper.Map(messages, options, _options, this);
        if (_options.UseStreamingForResponses)
            return await CollectAsync(StreamAsync(turn, cancellationToken), cancellationToken).ConfigureAwait(false);

        var request = await DifyChatRequestMapper.ResolveFilesAsync(_client, turn, cancellationToken).ConfigureAwait(false);
        var response = await _client.Chat.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return DifyChatResponseMapper.FromBlocking(response, _options.ModelId);
    }

    /// <summary>Sends the last user message and streams Dify's answer: one update per <c>message</c> /
    /// <c>agent_message</c> chunk, then a final update with usage and <see cref="ChatFinishReason"/>. Arguments are
    /// checked at once; the request is sent when enumeration starts. Cancelling (or leaving the loop early) stops the
    /// generation in Dify (<see cref="DifyChatClientOptions.StopOnCancellation"/>).</summary>
    /// <param name="messages">The messages; the last <see cref="ChatRole.User"/> message is the query.</param>
    /// <param name="options">Conversation id, <c>dify.user</c>, <c>dify.inputs</c>; other settings are not sent.</param>
    /// <param name="cancellationToken">Cancels the stream and stops the generation.</param>
    /// <returns>The updates.</returns>
    /// <exception cref="ArgumentException">As <see cref="GetResponseAsync"/>, thrown by this call itself.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turn = DifyChatRequestMapper.Map(messages, options, _options, this);
        return StreamAsync(turn, cancellationToken);
    }

    /// <summary>Returns <see cref="ChatClientMetadata"/> (provider <c>dify</c>), the wrapped <see cref="IDifyClient"/>,
    /// or this client, when asked for one of those types with no key; otherwise null.</summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">A key; any non-null key gives null.</param>
    /// <returns>The service, or null.</returns>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        if (serviceType.IsInstanceOfType(_client)) return _client;
        if (serviceType.IsInstanceOfType(this)) return this;
        return null;
    }

    /// <summary>Does nothing: the wrapped <see cref="IDifyClient"/> belongs to whoever created it (usually DI).</summary>
    public void Dispose()
    {
    }

    /// <summary>Describes the client (its Dify client name; never a key).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"DifyChatClient over '{_client.Name}'";

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(DifyChatTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = await DifyChatRequestMapper.ResolveFilesAsync(_client, turn, cancellationToken).ConfigureAwait(false);
        var events = _client.Chat.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        string? taskId = null, messageId = null, conversationId = null;
        var ended = false;
        var replaced = false;
        try
        {
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (DifyApiException ex) when (ex.IsMidStream)
                {
                    ended = true; // Dify ended the task itself: there is nothing left to stop.
                    throw;
                }

                var e = events.Current;
                taskId ??= e.TaskId;
                messageId ??= e.MessageId;
                conversationId ??= e.ConversationId;
                ChatResponseUpdate? update = null;
                switch (e)
                {
                    case MessageEvent m when !string.IsNullOrEmpty(m.Answer):
                        update = new ChatResponseUpdate(ChatRole.Assistant, m.Answer);
                        break;
                    case AgentMessageEvent m when !string.IsNullOrEmpty(m.Answer):
                        update = new ChatResponseUpdate(ChatRole.Assistant, m.Answer);
                        break;
                    case MessageReplaceEvent r:
                        replaced = true;
                        update = new ChatResponseUpdate(ChatRole.Assistant, r.Answer ?? string.Empty)
                        {
                            AdditionalProperties = new() { [ReplacePropertyName] = true },
                        };
                        break;
                    case ReasoningChunkEvent r when !string.IsNullOrEmpty(r.Data?.Reasoning):
                        update = new ChatResponseUpdate(ChatRole.Assistant, [new TextReasoningContent(r.Data.Reasoning)]);
                        break;
                    case AgentThoughtEvent t:
                        // Dify's thought text repeats the answer on the final step: surfacing it as text or reasoning
                        // would show the answer twice. The step stays available, typed, for those who want it.
                        update = new ChatResponseUpdate(ChatRole.Assistant, (IList<AIContent>?)null)
                        {
                            AdditionalProperties = new() { [AgentThoughtPropertyName] = t },
                        };
                        break;
                    case MessageFileEvent f when DifyChatResponseMapper.File(f.Url, f.Type, null) is { } file:
                        update = new ChatResponseUpdate(ChatRole.Assistant, [file]);
                        break;
                    case MessageEndEvent end:
                        ended = true;
                        messageId ??= end.Id;
                        conversationId ??= end.ConversationId;
                        update = End(end, taskId, replaced);
                        break;
                }

                if (update is null) continue;
                update.MessageId = messageId;
                update.ResponseId = messageId;
                update.ConversationId = conversationId;
                update.CreatedAt = e.CreatedAt;
                update.ModelId = _options.ModelId;
                update.RawRepresentation = e;
                yield return update;
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
            if (!ended && taskId is not null && _options.StopOnCancellation)
                await StopAsync(taskId, request.User).ConfigureAwait(false);
        }
    }

    private static ChatResponseUpdate End(MessageEndEvent end, string? taskId, bool replaced)
    {
        var contents = new List<AIContent>();
        if (DifyChatResponseMapper.Usage(end.Metadata?.Usage) is { } usage) contents.Add(new UsageContent(usage));
        foreach (var f in end.Files ?? [])
        {
            if (DifyChatResponseMapper.File(f.Url ?? f.RemoteUrl, f.Type, f.MimeType) is { } file) contents.Add(file);
        }
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            FinishReason = replaced ? ChatFinishReason.ContentFilter : ChatFinishReason.Stop,
            AdditionalProperties = DifyChatResponseMapper.Properties(taskId, end.Metadata),
        };
    }

    /// <summary>Best-effort stop of an abandoned generation, bounded by <see cref="DifyChatClientOptions.StopTimeout"/>.
    /// The caller's token is already cancelled (or the caller is gone), so the stop gets a token of its own.</summary>
    private async Task StopAsync(string taskId, string? user)
    {
        using var timeout = new CancellationTokenSource(_options.StopTimeout, _time);
        try
        {
            await _client.Chat.StopAsync(taskId, user, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort: the caller's own outcome (cancellation, the stream's exception) is what must surface.
        }
    }

    private static async Task<ChatResponse> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancellationToken)
    {
        var kept = new List<ChatResponseUpdate>();
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // Moderation replaced the answer: what was streamed before must not be part of the response.
            if (update.AdditionalProperties?.ContainsKey(ReplacePropertyName) == true)
                kept.RemoveAll(u => u.Contents.Any(c => c is TextContent));
            kept.Add(update);
        }
        var response = kept.ToChatResponse();
        // ToChatResponse does not lift update properties to the response: give it what the blocking call's response has.
        if (kept.LastOrDefault(u => u.FinishReason is not null)?.AdditionalProperties is { } end)
        {
            response.AdditionalProperties ??= [];
            foreach (var (key, value) in end) response.AdditionalProperties[key] = value;
        }
        return response;
    }
}
