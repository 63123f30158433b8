namespace Dify.HA.Client;

/// <summary>
/// Settings of a <see cref="DifyChatClient"/> (the Microsoft.Extensions.AI <c>IChatClient</c> over a Dify chat, agent
/// or chatflow app). Checked when the chat client is created: an invalid value throws
/// <see cref="ArgumentException"/> naming the property and the fix.
/// </summary>
public sealed class DifyChatClientOptions
{
    /// <summary>The default of <see cref="StopTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The Dify end user of calls whose <c>ChatOptions.AdditionalProperties["dify.user"]</c> is not set. Default null:
    /// the Dify client's own <see cref="DifyClientOptions.DefaultUser"/> applies (one of the three is required).
    /// When set: non-blank, at most 255 characters.
    /// </summary>
    public string? DefaultUser { get; set; }

    /// <summary>
    /// The app input variable that receives the text of system messages and of <c>ChatOptions.Instructions</c>
    /// (joined by blank lines). Default null: a system message or instructions are rejected with
    /// <see cref="ArgumentException"/>, because a Dify app has its own prompt and the Service API has no system role.
    /// Set it to the name of a paragraph input the app's prompt uses, e.g. <c>"instructions"</c>. Non-blank when set.
    /// </summary>
    public string? SystemPromptInput { get; set; }

    /// <summary>
    /// What to do with earlier turns when a call has no <c>ChatOptions.ConversationId</c> but several messages. Dify
    /// keeps the history on its side, so the normal way is to pass the previous response's <c>ConversationId</c> and only
    /// the new message. Default false: such a call is rejected with <see cref="ArgumentException"/> (nothing is sent).
    /// True: the earlier turns are written before the last user message as a transcript (<c>role: text</c> lines) in
    /// the one <c>query</c> Dify receives, and Dify starts a new conversation with it.
    /// </summary>
    public bool FoldHistoryIntoQuery { get; set; }

    /// <summary>
    /// How <c>GetResponseAsync</c> calls Dify. Default false: a blocking <c>chat-messages</c> call (one request, one
    /// answer; cancelling it cannot stop the generation, whose task id is only known at the end). True: a streaming
    /// call collected into one response, which agent apps require (they only stream) and which stops the generation
    /// on cancellation like <c>GetStreamingResponseAsync</c>.
    /// </summary>
    public bool UseStreamingForResponses { get; set; }

    /// <summary>
    /// Whether a streamed generation that the caller cancelled or stopped reading (or that failed before its
    /// <c>message_end</c>) is stopped in Dify with <c>POST /chat-messages/{task_id}/stop</c>, so that it is not
    /// generated (and paid) to the end for nobody. Default true. A stream cancelled before its first event has no task
    /// id yet and cannot be stopped.
    /// </summary>
    public bool StopOnCancellation { get; set; } = true;

    /// <summary>
    /// Upper bound on the stop call made on cancellation (it goes through the same HA pipeline). Default 10 s
    /// (<see cref="DefaultStopTimeout"/>); range 100 ms to 5 min.
    /// </summary>
    public TimeSpan StopTimeout { get; set; } = DefaultStopTimeout;

    /// <summary>
    /// The model id reported in <c>ChatClientMetadata.DefaultModelId</c> and on every response. Default null: the
    /// Service API does not say which model the app uses. Set it (e.g. to the app's name) for telemetry.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// The URI reported in <c>ChatClientMetadata.ProviderUri</c>. Default null; <c>AddDifyChatClient</c> sets it to the
    /// client's <see cref="DifyClientOptions.BaseUrl"/> (or its first region's first endpoint). Informational only:
    /// calls always go through the <see cref="IDifyClient"/> and its HA pipeline.
    /// </summary>
    public Uri? ProviderUri { get; set; }

    internal void Validate()
    {
        if (DefaultUser is not null && (string.IsNullOrWhiteSpace(DefaultUser) || DefaultUser.Length > 255))
            throw new ArgumentException("DifyChatClientOptions.DefaultUser must be non-blank and at most 255 characters when set: pass the end user's id, or leave it null.", nameof(DefaultUser));
        if (SystemPromptInput is not null && string.IsNullOrWhiteSpace(SystemPromptInput))
            throw new ArgumentException("DifyChatClientOptions.SystemPromptInput must be non-blank when set: name the app's input variable that takes the instructions, or leave it null to reject system messages.", nameof(SystemPromptInput));
        if (StopTimeout < TimeSpan.FromMilliseconds(100) || StopTimeout > TimeSpan.FromMinutes(5))
            throw new ArgumentException($"DifyChatClientOptions.StopTimeout is {StopTimeout}: use a value from 00:00:00.1 to 00:05:00 (default 00:00:10).", nameof(StopTimeout));
    }

    internal DifyChatClientOptions Clone() => (DifyChatClientOptions)MemberwiseClone();
}
