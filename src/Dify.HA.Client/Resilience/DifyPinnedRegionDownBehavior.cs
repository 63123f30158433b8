namespace Dify.HA.Client;

/// <summary>What a follow-up call does when the region that owns its conversation, task or workflow run is down.</summary>
public enum DifyPinnedRegionDownBehavior
{
    /// <summary>Throw <see cref="DifyNoHealthyEndpointException"/> naming the region (the default): never a silent 404 elsewhere.</summary>
    Fail,

    /// <summary>For a chat message in a conversation: start a new conversation in the best available region (the
    /// conversation's history is not there). Other calls still fail.</summary>
    NewConversationInBackup,
}
