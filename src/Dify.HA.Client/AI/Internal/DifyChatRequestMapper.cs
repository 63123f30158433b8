using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dify.HA.Client.AI.Internal;

/// <summary>
/// Maps M.E.AI messages and options to a Dify <see cref="ChatMessageRequest"/>. Everything here is checked before
/// anything is sent; files are uploaded (or referenced by URL) afterwards by <see cref="ResolveFilesAsync"/>.
/// </summary>
internal static class DifyChatRequestMapper
{
    private const string MessagesParam = "messages";

    public static DifyChatTurn Map(IEnumerable<ChatMessage> messages, ChatOptions? options, DifyChatClientOptions settings, IChatClient chatClient)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();

        var system = new List<string>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions)) system.Add(options.Instructions);
        var turns = new List<ChatMessage>(list.Count);
        foreach (var m in list)
        {
            if (m is null) throw new ArgumentException("messages contains a null message: remove it.", MessagesParam);
            if (m.Role == ChatRole.System)
            {
                if (!string.IsNullOrWhiteSpace(m.Text)) system.Add(m.Text);
            }
            else
            {
                turns.Add(m);
            }
        }

        var lastUser = turns.FindLastIndex(m => m.Role == ChatRole.User);
        if (lastUser < 0)
            throw new ArgumentException("messages has no user message: a Dify chat call needs the user's message (ChatRole.User) as its query.", MessagesParam);
        var userMessage = turns[lastUser];
        if (string.IsNullOrWhiteSpace(userMessage.Text))
            throw new ArgumentException("The last user message has no text: Dify requires a non-blank query (files may accompany it, not replace it).", MessagesParam);

        var conversationId = string.IsNullOrWhiteSpace(options?.ConversationId) ? null : options.ConversationId;
        var query = userMessage.Text;
        if (conversationId is null && lastUser > 0)
        {
            if (!settings.FoldHistoryIntoQuery)
                throw new ArgumentException(
                    $"messages holds {lastUser} earlier message(s) but ChatOptions.ConversationId is not set. Dify keeps the history " +
                    "itself: pass the previous ChatResponse.ConversationId as ChatOptions.ConversationId and send only the new " +
                    "message, or set DifyChatClientOptions.FoldHistoryIntoQuery to send the earlier turns inside the query.", MessagesParam);
            query = Fold(turns, lastUser);
        }

        // A caller may start from its own ChatMessageRequest (workflow version, auto naming) through the M.E.AI hook.
        var baseRequest = options?.RawRepresentationFactory?.Invoke(chatClient) as ChatMessageRequest;
        var inputs = new Dictionary<string, object?>(baseRequest?.Inputs ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        if (system.Count > 0)
        {
            if (settings.SystemPromptInput is not { } input)
                throw new ArgumentException(
                    "A system message or ChatOptions.Instructions was given, but a Dify app has its own prompt and the Service API " +
                    "has no system role. Remove it, or set DifyChatClientOptions.SystemPromptInput to the app input variable that " +
                    "should receive it.", options?.Instructions is null ? MessagesParam : "options.Instructions");
            inputs[input] = string.Join("\n\n", system);
        }
        foreach (var (key, value) in ReadInputs(options)) inputs[key] = value;

        var files = new List<AIContent>();
        foreach (var content in userMessage.Contents)
        {
            switch (content)
            {
                case DataContent:
                    files.Add(content);
                    break;
                case UriContent uri:
                    if (!uri.Uri.IsAbsoluteUri || (uri.Uri.Scheme != Uri.UriSchemeHttp && uri.Uri.Scheme != Uri.UriSchemeHttps))
                        throw new NotSupportedException($"A UriContent of the user message is not an absolute http(s) URL ({uri.Uri.Scheme}): Dify can only fetch files from http(s) URLs. Pass the bytes as DataContent instead.");
                    files.Add(content);
                    break;
            }
        }

        var request = (baseRequest ?? new ChatMessageRequest { Query = query }) with
        {
            Query = query,
            Inputs = inputs,
            User = ReadUser(options) ?? baseRequest?.User ?? settings.DefaultUser,
            ConversationId = conversationId ?? baseRequest?.ConversationId,
        };
        return new DifyChatTurn(request, files);
    }

    /// <summary>Uploads <see cref="DataContent"/> files and references <see cref="UriContent"/> ones by URL.</summary>
    public static async Task<ChatMessageRequest> ResolveFilesAsync(IDifyClient client, DifyChatTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Files.Count == 0) return turn.Request;
        var files = new List<DifyInputFile>(turn.Request.Files ?? []);
        var index = 0;
        foreach (var content in turn.Files)
        {
            index++;
            if (content is UriContent uri)
            {
                files.Add(DifyInputFile.FromUrl(uri.Uri, FileType(uri.MediaType)));
                continue;
            }
            var data = (DataContent)content;
            var name = data.Name ?? $"file-{index}{Extension(data.MediaType)}";
            var stream = new MemoryStream(data.Data.ToArray(), writable: false);
            await using (stream.ConfigureAwait(false))
            {
                var uploaded = await client.Files.UploadAsync(stream, name, data.MediaType, turn.Request.User, progress: null, cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(uploaded.Id))
                    throw new DifyApiException($"Dify accepted the upload of '{name}' but returned no file id.");
                files.Add(DifyInputFile.FromUpload(uploaded.Id, FileType(data.MediaType)));
            }
        }
        return turn.Request with { Files = files };
    }

    /// <summary>Dify's file kinds by top-level media type; text and application types are documents.</summary>
    internal static DifyFileType FileType(string? mediaType)
    {
        var top = mediaType is null ? string.Empty : mediaType.Split('/')[0].Trim().ToUpperInvariant();
        return top switch
        {
            "IMAGE" => DifyFileType.Image,
            "AUDIO" => DifyFileType.Audio,
            "VIDEO" => DifyFileType.Video,
            "TEXT" or "APPLICATION" => DifyFileType.Document,
            _ => DifyFileType.Custom,
        };
    }

    private static string Extension(string? mediaType) => mediaType?.ToUpperInvariant() switch
    {
        "IMAGE/PNG" => ".png",
        "IMAGE/JPEG" => ".jpg",
        "IMAGE/GIF" => ".gif",
        "IMAGE/WEBP" => ".webp",
        "APPLICATION/PDF" => ".pdf",
        "TEXT/PLAIN" => ".txt",
        "TEXT/MARKDOWN" => ".md",
        "AUDIO/MPEG" => ".mp3",
        "AUDIO/WAV" => ".wav",
        _ => string.Empty,
    };

    private static string Fold(List<ChatMessage> turns, int lastUser)
    {
        // Why a transcript: the Service API takes one query per call; the app's prompt sees the earlier turns as text.
        var text = new StringBuilder("Earlier in this conversation:\n");
        for (var i = 0; i < lastUser; i++)
        {
            if (string.IsNullOrWhiteSpace(turns[i].Text)) continue;
            text.Append(turns[i].Role.Value).Append(": ").Append(turns[i].Text.Trim()).Append('\n');
        }
        return text.Append('\n').Append(turns[lastUser].Text).ToString();
    }

    private static string? ReadUser(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !props.TryGetValue(DifyChatClient.UserPropertyName, out var value) || value is null)
            return null;
        return value switch
        {
            string s when !string.IsNullOrWhiteSpace(s) => s,
            JsonElement { ValueKind: JsonValueKind.String } e when !string.IsNullOrWhiteSpace(e.GetString()) => e.GetString(),
            _ => throw new ArgumentException($"ChatOptions.AdditionalProperties[\"{DifyChatClient.UserPropertyName}\"] must be a non-blank string (the Dify end user's id).", nameof(options)),
        };
    }

    private static IEnumerable<KeyValuePair<string, object?>> ReadInputs(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !props.TryGetValue(DifyChatClient.InputsPropertyName, out var value) || value is null)
            return [];
        return value switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs,
            IEnumerable<KeyValuePair<string, string>> strings => strings.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)),
            JsonElement { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value.Clone())),
            _ => throw new ArgumentException(
                $"ChatOptions.AdditionalProperties[\"{DifyChatClient.InputsPropertyName}\"] must be a dictionary of the app's input variables " +
                "(IDictionary<string, object?>, IDictionary<string, string> or a JSON object).", nameof(options)),
        };
    }
}
