using System.Text.Json.Nodes;
using Dify.HA.Testing.Generation;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Api;

/// <summary>Conversations, message history, conversation variables, feedback and suggested questions.</summary>
internal static class ConversationHandlers
{
    /// <summary>The end user Dify assumes when a read names none.</summary>
    private const string DefaultUser = "DEFAULT-USER";

    public static async Task ListConversationsAsync(RequestScope scope)
    {
        RequireChat(scope);
        var limit = scope.IntQuery("limit", 20, 1, 100);
        var endUser = EndUserOf(scope, scope.Query("user"));
        var sortBy = scope.Query("sort_by") ?? "-updated_at";
        if (sortBy is not ("created_at" or "-created_at" or "updated_at" or "-updated_at"))
            throw DifyApiError.InvalidParam("sort_by: must be one of created_at, -created_at, updated_at, -updated_at.");
        var store = scope.Context.Store;
        List<Conversation> all;
        lock (store.Gate)
        {
            all = [.. store.Conversations.Values.Where(c => c.AppId == scope.App.AppId && c.EndUserId == endUser.Id && !c.Deleted)];
        }

        Func<Conversation, DateTimeOffset> key = sortBy.TrimStart('-') == "created_at" ? c => c.CreatedAt : c => c.UpdatedAt;
        var descending = sortBy.StartsWith('-');
        var ordered = (descending ? all.OrderByDescending(key).ThenByDescending(c => c.CreatedAt) : all.OrderBy(key).ThenBy(c => c.CreatedAt)).ToList();
        if (scope.Query("last_id") is { Length: > 0 } lastId)
        {
            var index = ordered.FindIndex(c => c.Id.ToString() == lastId);
            if (index < 0)
                throw new DifyApiError(404, "not_found", "Last Conversation Not Exists.");
            ordered = ordered[(index + 1)..];
        }

        var page = ordered.Take(limit).ToList();
        var data = new JsonArray();
        foreach (var conversation in page)
            data.Add(ConversationJson(conversation, store));
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["limit"] = limit,
            ["has_more"] = ordered.Count > limit,
            ["data"] = data,
        }).ConfigureAwait(false);
    }

    public static async Task MessagesAsync(RequestScope scope)
    {
        RequireChat(scope);
        var limit = scope.IntQuery("limit", 20, 1, 100);
        var conversationId = scope.Query("conversation_id");
        if (string.IsNullOrEmpty(conversationId))
            throw DifyApiError.InvalidParam("conversation_id is required");
        var endUser = EndUserOf(scope, scope.Query("user"));
        var conversation = FindConversation(scope, conversationId, endUser);
        var store = scope.Context.Store;
        List<StoredMessage> newestFirst;
        lock (store.Gate)
        {
            newestFirst = [.. conversation.Messages.OrderByDescending(m => m.Sequence)];
        }

        if (scope.Query("first_id") is { Length: > 0 } firstId)
        {
            var index = newestFirst.FindIndex(m => m.Id.ToString() == firstId);
            if (index < 0)
                throw new DifyApiError(404, "not_found", "First Message Not Exists.");
            newestFirst = newestFirst[(index + 1)..];
        }

        // The latest page first; inside a page oldest → newest (Dify reverses its newest-first query).
        var page = newestFirst.Take(limit).Reverse().ToList();
        var data = new JsonArray();
        lock (store.Gate)
        {
            foreach (var message in page)
                data.Add(MessageJson(message));
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["limit"] = limit,
            ["has_more"] = newestFirst.Count > limit,
            ["data"] = data,
        }).ConfigureAwait(false);
    }

    public static async Task RenameAsync(RequestScope scope)
    {
        RequireChat(scope);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var endUser = EndUserOf(scope, RequestScope.String(body, "user"));
        var conversation = FindConversation(scope, scope.Route("conversation_id"), endUser);
        var autoGenerate = body["auto_generate"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var name = RequestScope.String(body, "name");
        var store = scope.Context.Store;
        lock (store.Gate)
        {
            if (autoGenerate)
            {
                var first = conversation.Messages.OrderBy(m => m.Sequence).FirstOrDefault()
                    ?? throw DifyApiError.InvalidParam(string.Empty);
                var query = first.Query.Trim();
                conversation.Name = query.Length <= 20 ? query : query[..20] + "...";
            }
            else
            {
                if (string.IsNullOrWhiteSpace(name))
                    throw DifyApiError.InvalidParam("name is required when auto_generate is false");
                conversation.Name = name;
            }

            conversation.UpdatedAt = scope.Context.Now;
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, ConversationJson(conversation, store)).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        RequireChat(scope);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var endUser = EndUserOf(scope, RequestScope.String(body, "user"));
        var conversation = FindConversation(scope, scope.Route("conversation_id"), endUser);
        lock (scope.Context.Store.Gate)
        {
            conversation.Deleted = true;
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task VariablesAsync(RequestScope scope)
    {
        RequireChat(scope);
        var limit = scope.IntQuery("limit", 20, 1, 100);
        var endUser = EndUserOf(scope, scope.Query("user"));
        var conversation = FindConversation(scope, scope.Route("conversation_id"), endUser);
        var store = scope.Context.Store;
        List<ConversationVariable> variables;
        lock (store.Gate)
        {
            variables = [.. conversation.Variables];
        }

        if (scope.Query("variable_name") is { Length: > 0 } variableName)
            variables = [.. variables.Where(v => v.Name == variableName)];
        if (scope.Query("last_id") is { Length: > 0 } lastId)
        {
            var index = variables.FindIndex(v => v.Id.ToString() == lastId);
            if (index < 0)
                throw DifyApiError.InvalidParam(string.Empty);
            variables = variables[(index + 1)..];
        }

        var data = new JsonArray();
        lock (store.Gate)
        {
            foreach (var variable in variables.Take(limit))
                data.Add(VariableJson(variable));
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["limit"] = limit,
            ["has_more"] = variables.Count > limit,
            ["data"] = data,
        }).ConfigureAwait(false);
    }

    public static async Task UpdateVariableAsync(RequestScope scope)
    {
        RequireChat(scope);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var endUser = EndUserOf(scope, RequestScope.String(body, "user"));
        var conversation = FindConversation(scope, scope.Route("conversation_id"), endUser);
        if (!body.ContainsKey("value"))
            throw DifyApiError.InvalidParam("value is required");
        var value = body["value"];
        var store = scope.Context.Store;
        JsonObject answer;
        lock (store.Gate)
        {
            var variable = conversation.Variables.FirstOrDefault(v => v.Id.ToString() == scope.Route("variable_id"))
                ?? throw new DifyApiError(404, "not_found", "Conversation Variable Not Exists.");
            var actual = value switch
            {
                JsonValue v when v.TryGetValue<string>(out _) => "string",
                JsonValue v when v.TryGetValue<double>(out _) => "number",
                JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
                JsonObject => "object",
                JsonArray => "array",
                _ => "null",
            };
            if (actual != variable.ValueType)
                throw new DifyApiError(400, "bad_request", $"Type mismatch: variable '{variable.Name}' expects {variable.ValueType}, but got {actual} type");
            variable.Value = value?.DeepClone();
            variable.UpdatedAt = scope.Context.Now;
            answer = VariableJson(variable);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task FeedbackAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var user = RequestScope.RequireUser(body);
        var rating = body["rating"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) && s is "like" or "dislike" => s,
            _ => throw DifyApiError.InvalidParam("rating: must be 'like', 'dislike' or null."),
        };
        var content = RequestScope.String(body, "content");
        var endUser = scope.Context.Store.GetOrAddEndUser(scope.App, user, scope.Context.Now);
        var message = FindMessage(scope, scope.Route("message_id"), endUser);
        var now = scope.Context.Now;
        lock (scope.Context.Store.Gate)
        {
            if (rating is null)
                message.Feedback = null;
            else if (message.Feedback is { } existing)
            {
                existing.Rating = rating;
                existing.Content = content;
                existing.UpdatedAt = now;
            }
            else
            {
                message.Feedback = new StoredFeedback { Id = Guid.NewGuid(), Rating = rating, Content = content, EndUserId = endUser.Id, CreatedAt = now, UpdatedAt = now };
            }
        }

        await HttpAnswers.SuccessAsync(scope.Http).ConfigureAwait(false);
    }

    public static async Task AppFeedbacksAsync(RequestScope scope)
    {
        var page = scope.IntQuery("page", 1, 1, 99999);
        var limit = scope.IntQuery("limit", 20, 1, 101);
        var store = scope.Context.Store;
        var data = new JsonArray();
        lock (store.Gate)
        {
            var rated = store.Messages.Values
                .Where(m => m.AppId == scope.App.AppId && m.Feedback is not null)
                .OrderByDescending(m => m.Feedback!.CreatedAt).ThenByDescending(m => m.Sequence)
                .Skip((page - 1) * limit).Take(limit);
            foreach (var message in rated)
            {
                var feedback = message.Feedback!;
                data.Add(new JsonObject
                {
                    ["id"] = feedback.Id.ToString(),
                    ["app_id"] = scope.App.AppId.ToString(),
                    ["conversation_id"] = message.ConversationId?.ToString(),
                    ["message_id"] = message.Id.ToString(),
                    ["rating"] = feedback.Rating,
                    ["content"] = feedback.Content,
                    ["from_source"] = "user",
                    ["from_end_user_id"] = feedback.EndUserId.ToString(),
                    ["from_account_id"] = null,
                    ["created_at"] = EmulatorJson.Iso(feedback.CreatedAt),
                    ["updated_at"] = EmulatorJson.Iso(feedback.UpdatedAt),
                });
            }
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["data"] = data }).ConfigureAwait(false);
    }

    public static async Task SuggestedAsync(RequestScope scope)
    {
        RequireChat(scope);
        var user = scope.RequireQueryUser();
        var endUser = scope.Context.Store.GetOrAddEndUser(scope.App, user, scope.Context.Now);
        var message = FindMessage(scope, scope.Route("message_id"), endUser);
        string answer;
        lock (scope.Context.Store.Gate)
        {
            answer = message.Answer;
        }

        var data = new JsonArray();
        foreach (var question in AnswerGenerator.SuggestedQuestions(scope.Context.Options.Seed, answer))
            data.Add(question);
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["result"] = "success", ["data"] = data }).ConfigureAwait(false);
    }

    private static void RequireChat(RequestScope scope)
    {
        if (!scope.App.IsChatMode)
            throw DifyApiError.NotChatApp();
    }

    private static EndUser EndUserOf(RequestScope scope, string? user) =>
        scope.Context.Store.GetOrAddEndUser(scope.App, string.IsNullOrEmpty(user) ? DefaultUser : user, scope.Context.Now);

    private static Conversation FindConversation(RequestScope scope, string id, EndUser endUser)
    {
        if (RequestScope.ParseGuid(id) is { } guid
            && scope.Context.Store.Conversations.TryGetValue(guid, out var conversation)
            && conversation.AppId == scope.App.AppId
            && conversation.EndUserId == endUser.Id
            && !conversation.Deleted)
        {
            return conversation;
        }

        throw DifyApiError.ConversationNotExists();
    }

    private static StoredMessage FindMessage(RequestScope scope, string id, EndUser endUser)
    {
        if (RequestScope.ParseGuid(id) is { } guid
            && scope.Context.Store.Messages.TryGetValue(guid, out var message)
            && message.AppId == scope.App.AppId
            && message.EndUserId == endUser.Id)
        {
            return message;
        }

        throw DifyApiError.MessageNotExists();
    }

    private static JsonObject ConversationJson(Conversation conversation, RegionStore store)
    {
        lock (store.Gate)
        {
            return new JsonObject
            {
                ["id"] = conversation.Id.ToString(),
                ["name"] = conversation.Name,
                ["inputs"] = EmulatorJson.ParseObject(conversation.Inputs),
                ["status"] = "normal",
                ["introduction"] = string.Empty,
                ["created_at"] = EmulatorJson.Unix(conversation.CreatedAt),
                ["updated_at"] = EmulatorJson.Unix(conversation.UpdatedAt),
            };
        }
    }

    private static JsonObject MessageJson(StoredMessage message)
    {
        var files = new JsonArray();
        foreach (var id in message.FileIds)
            files.Add(new JsonObject { ["id"] = id, ["type"] = "document", ["url"] = null, ["belongs_to"] = "user" });
        var usage = RunEngine.Usage(message.MessageTokens, message.AnswerTokens, message.Latency);
        return new JsonObject
        {
            ["id"] = message.Id.ToString(),
            ["conversation_id"] = message.ConversationId?.ToString(),
            ["parent_message_id"] = null,
            ["inputs"] = EmulatorJson.ParseObject(message.Inputs),
            ["query"] = message.Query,
            ["answer"] = message.Answer,
            ["status"] = message.Status,
            ["error"] = message.Error,
            ["message_files"] = files,
            ["feedback"] = message.Feedback is { } f ? new JsonObject { ["rating"] = f.Rating } : null,
            ["retriever_resources"] = new JsonArray(),
            ["agent_thoughts"] = new JsonArray(),
            ["created_at"] = EmulatorJson.Unix(message.CreatedAt),
            ["extra_contents"] = new JsonArray(),
            ["message_tokens"] = message.MessageTokens,
            ["answer_tokens"] = message.AnswerTokens,
            ["total_tokens"] = message.MessageTokens + message.AnswerTokens,
            ["provider_response_latency"] = message.Latency,
            ["total_price"] = usage["total_price"]!.DeepClone(),
            ["currency"] = "USD",
        };
    }

    private static JsonObject VariableJson(ConversationVariable variable) => new()
    {
        ["id"] = variable.Id.ToString(),
        ["name"] = variable.Name,
        ["value_type"] = variable.ValueType,
        ["value"] = variable.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : variable.Value?.ToJsonString(EmulatorJson.Options),
        ["description"] = variable.Description,
        ["created_at"] = EmulatorJson.Unix(variable.CreatedAt),
        ["updated_at"] = EmulatorJson.Unix(variable.UpdatedAt),
    };
}
