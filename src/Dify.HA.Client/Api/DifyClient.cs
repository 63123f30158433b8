using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

/// <summary>The <see cref="IDifyClient"/> of one configured name: its areas share one <see cref="DifyApiCore"/>.</summary>
internal sealed class DifyClient : IDifyClient
{
    public DifyClient(string name, DifyClientOptions options, IDifyTransport transport, TimeProvider timeProvider)
    {
        Name = name;
        var core = new DifyApiCore(name, options, transport, timeProvider);
        Chat = new DifyChatApi(core);
        Completion = new DifyCompletionApi(core);
        Workflows = new DifyWorkflowsApi(core);
        Files = new DifyFilesApi(core);
        Messages = new DifyMessagesApi(core);
        Feedbacks = new DifyFeedbacksApi(core);
        Conversations = new DifyConversationsApi(core);
        Audio = new DifyAudioApi(core);
        App = new DifyAppApi(core);
        EndUsers = new DifyEndUsersApi(core);
        Annotations = new DifyAnnotationsApi(core);
        HumanInput = new DifyHumanInputApi(core);
    }

    public string Name { get; }
    public IDifyChatApi Chat { get; }
    public IDifyCompletionApi Completion { get; }
    public IDifyWorkflowsApi Workflows { get; }
    public IDifyFilesApi Files { get; }
    public IDifyMessagesApi Messages { get; }
    public IDifyFeedbacksApi Feedbacks { get; }
    public IDifyConversationsApi Conversations { get; }
    public IDifyAudioApi Audio { get; }
    public IDifyAppApi App { get; }
    public IDifyEndUsersApi EndUsers { get; }
    public IDifyAnnotationsApi Annotations { get; }
    public IDifyHumanInputApi HumanInput { get; }

    public override string ToString() => $"DifyClient '{Name}'";
}
