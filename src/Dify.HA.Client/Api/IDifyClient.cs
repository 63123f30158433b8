namespace Dify.HA.Client;

/// <summary>
/// A client of one Dify app's Service API, one property per API area. Get it from DI (<c>IDifyClient</c> for the
/// default client, <see cref="IDifyClientFactory"/> or a keyed service for named ones). Thread-safe; keep and reuse it.
/// </summary>
/// <remarks>
/// Arguments are checked before anything is sent (<see cref="ArgumentException"/> naming the parameter and the fix).
/// Dify's error answers raise <see cref="DifyApiException"/>.
/// </remarks>
public interface IDifyClient
{
    /// <summary>The client's name (the <c>Dify:Clients:&lt;name&gt;</c> it was configured under).</summary>
    string Name { get; }

    /// <summary>Chat, agent and chatflow apps: send (blocking or streamed), stop, suggested questions.</summary>
    IDifyChatApi Chat { get; }

    /// <summary>Completion (text generator) apps: send (blocking or streamed), stop.</summary>
    IDifyCompletionApi Completion { get; }

    /// <summary>Workflow apps: run (blocking or streamed, latest or a given version), read a run, stop, logs, re-attach.</summary>
    IDifyWorkflowsApi Workflows { get; }

    /// <summary>File upload and download.</summary>
    IDifyFilesApi Files { get; }

    /// <summary>A conversation's message history, with paging back in time.</summary>
    IDifyMessagesApi Messages { get; }

    /// <summary>Feedback on messages, and the app's feedback list.</summary>
    IDifyFeedbacksApi Feedbacks { get; }

    /// <summary>Conversations: list, rename, delete, and their variables.</summary>
    IDifyConversationsApi Conversations { get; }

    /// <summary>Speech to text and text to speech.</summary>
    IDifyAudioApi Audio { get; }

    /// <summary>The app's info, parameters, meta and WebApp settings.</summary>
    IDifyAppApi App { get; }

    /// <summary>End users.</summary>
    IDifyEndUsersApi EndUsers { get; }

    /// <summary>Annotations and annotation replies.</summary>
    IDifyAnnotationsApi Annotations { get; }

    /// <summary>Human-input forms of paused runs.</summary>
    IDifyHumanInputApi HumanInput { get; }
}
