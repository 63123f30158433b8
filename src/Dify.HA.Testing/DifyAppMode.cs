namespace Dify.HA.Testing;

/// <summary>The kind of Dify app an emulated API key belongs to; it decides which endpoints answer and which events a run streams.</summary>
public enum DifyAppMode
{
    /// <summary>A basic chat app ("chat"): <c>message</c> events, then <c>message_end</c>.</summary>
    Chat,

    /// <summary>An agent app ("agent-chat"): streaming only; <c>agent_thought</c> and <c>agent_message</c> events, then <c>message_end</c>.</summary>
    AgentChat,

    /// <summary>A chatflow ("advanced-chat"): workflow and node events plus <c>message</c> events; ends with <c>workflow_finished</c> and <c>message_end</c>.</summary>
    AdvancedChat,

    /// <summary>A text generator ("completion"): <c>message</c> events, then <c>message_end</c>; no conversations.</summary>
    Completion,

    /// <summary>A workflow app ("workflow"): workflow, node and <c>text_chunk</c> events; ends with <c>workflow_finished</c> or <c>workflow_paused</c>.</summary>
    Workflow,
}
