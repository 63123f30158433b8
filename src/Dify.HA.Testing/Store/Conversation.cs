namespace Dify.HA.Testing.Store;

/// <summary>A conversation of a chat-mode app. Mutable fields are guarded by <see cref="RegionStore.Gate"/>.</summary>
internal sealed class Conversation
{
    public required Guid Id { get; init; }

    public required Guid AppId { get; init; }

    public required Guid EndUserId { get; init; }

    public required string Inputs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Name { get; set; } = "New conversation";

    public DateTimeOffset UpdatedAt { get; set; }

    public bool Deleted { get; set; }

    public List<StoredMessage> Messages { get; } = [];

    public List<ConversationVariable> Variables { get; } = [];
}
