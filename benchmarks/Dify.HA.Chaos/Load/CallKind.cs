namespace Dify.HA.Chaos.Load;

/// <summary>The three kinds of call in the mixed load.</summary>
internal enum CallKind
{
    /// <summary>POST chat-messages, response_mode blocking (app-chat).</summary>
    BlockingChat,

    /// <summary>POST chat-messages, response_mode streaming (app-chat), read to message_end.</summary>
    StreamingChat,

    /// <summary>POST workflows/run, response_mode streaming (app-workflow), read to workflow_finished.</summary>
    StreamingWorkflow,
}
