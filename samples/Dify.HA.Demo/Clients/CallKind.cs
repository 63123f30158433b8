namespace Dify.HA.Demo.Clients;

/// <summary>The three kinds of call in the demo's load.</summary>
internal enum CallKind
{
    StreamingChat,
    BlockingChat,
    StreamingWorkflow,
}
