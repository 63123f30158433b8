namespace Dify.HA.Client;

/// <summary>The order of <c>Conversations.ListAsync</c>.</summary>
public enum DifyConversationSortBy
{
    /// <summary><c>-updated_at</c>: most recently updated first (Dify's default).</summary>
    UpdatedAtDescending,
    /// <summary><c>updated_at</c>.</summary>
    UpdatedAtAscending,
    /// <summary><c>-created_at</c>: newest first.</summary>
    CreatedAtDescending,
    /// <summary><c>created_at</c>.</summary>
    CreatedAtAscending,
}
