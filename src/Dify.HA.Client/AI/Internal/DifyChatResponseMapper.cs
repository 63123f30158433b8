using Microsoft.Extensions.AI;

namespace Dify.HA.Client.AI.Internal;

/// <summary>Maps Dify answers and stream events to M.E.AI responses and updates.</summary>
internal static class DifyChatResponseMapper
{
    public static ChatResponse FromBlocking(ChatMessageResponse response, string? modelId)
    {
        var message = new ChatMessage(ChatRole.Assistant, response.Answer ?? string.Empty)
        {
            MessageId = response.MessageId ?? response.Id,
            CreatedAt = response.CreatedAt,
            RawRepresentation = response,
        };
        var result = new ChatResponse(message)
        {
            ResponseId = response.MessageId ?? response.Id,
            ConversationId = response.ConversationId,
            CreatedAt = response.CreatedAt,
            ModelId = modelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(response.Metadata?.Usage),
            RawRepresentation = response,
        };
        result.AdditionalProperties = Properties(response.TaskId, response.Metadata);
        return result;
    }

    public static UsageDetails? Usage(DifyUsage? usage)
    {
        if (usage is null || (usage.PromptTokens is null && usage.CompletionTokens is null && usage.TotalTokens is null)) return null;
        return new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = usage.CompletionTokens,
            TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + usage.CompletionTokens),
        };
    }

    public static AdditionalPropertiesDictionary Properties(string? taskId, DifyMessageMetadata? metadata)
    {
        var props = new AdditionalPropertiesDictionary();
        if (taskId is not null) props[DifyChatClient.TaskIdPropertyName] = taskId;
        if (metadata?.Usage is { } usage) props[DifyChatClient.UsagePropertyName] = usage;
        if (metadata?.RetrieverResources is { Count: > 0 } resources) props[DifyChatClient.RetrieverResourcesPropertyName] = resources;
        return props;
    }

    /// <summary>A file Dify produced, as a <see cref="UriContent"/>; null when its URL is missing or unreadable.</summary>
    public static UriContent? File(string? url, string? type, string? mimeType)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri)) return null;
        var mediaType = !string.IsNullOrWhiteSpace(mimeType) && mimeType.Contains('/', StringComparison.Ordinal)
            ? mimeType
            : type switch
            {
                "image" => "image/*",
                "audio" => "audio/*",
                "video" => "video/*",
                _ => "application/octet-stream",
            };
        try
        {
            return new UriContent(uri, mediaType);
        }
        catch (ArgumentException)
        {
            return new UriContent(uri, "application/octet-stream");
        }
    }
}
