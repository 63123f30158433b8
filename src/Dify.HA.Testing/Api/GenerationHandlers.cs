using System.Text.Json.Nodes;
using Dify.HA.Testing.Generation;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Api;

/// <summary>The generation operations: chat-messages, completion-messages, workflow runs, and their stops.</summary>
internal static class GenerationHandlers
{
    public static async Task ChatAsync(RequestScope scope)
    {
        var app = scope.App;
        if (!app.IsChatMode)
            throw DifyApiError.NotChatApp();
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var query = RequestScope.String(body, "query") ?? throw DifyApiError.InvalidParam("query is required");
        var inputs = Inputs(body);
        var user = RequestScope.RequireUser(body);
        var streaming = Streaming(body);
        if (app.Mode == DifyAppMode.AgentChat && !streaming)
            throw DifyApiError.InvalidParam("Agent Chat App does not support blocking mode");
        if (app.Mode == DifyAppMode.AdvancedChat && RequestScope.String(body, "workflow_id") is { Length: > 0 } workflowId)
            CheckWorkflowId(app, workflowId);
        var files = FileIds(scope, body);

        await WithSlotAsync(scope, async () =>
        {
            var store = scope.Context.Store;
            var endUser = store.GetOrAddEndUser(app, user, scope.Context.Now);
            var conversation = ResolveConversation(scope, body, endUser, inputs);
            var run = new RunEngine(scope.Context).Start(app, endUser, query, inputs, conversation, streaming, files);
            await AnswerAsync(scope, run, streaming).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public static async Task CompletionAsync(RequestScope scope)
    {
        var app = scope.App;
        if (app.Mode != DifyAppMode.Completion)
            throw DifyApiError.AppUnavailable();
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var inputs = Inputs(body);
        var query = RequestScope.String(body, "query") ?? string.Empty;
        var user = RequestScope.RequireUser(body);
        var streaming = Streaming(body);
        var files = FileIds(scope, body);
        await WithSlotAsync(scope, async () =>
        {
            var endUser = scope.Context.Store.GetOrAddEndUser(app, user, scope.Context.Now);
            var run = new RunEngine(scope.Context).Start(app, endUser, query, inputs, null, streaming, files);
            await AnswerAsync(scope, run, streaming).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public static Task WorkflowRunAsync(RequestScope scope) => RunWorkflowAsync(scope, null);

    public static Task WorkflowRunByIdAsync(RequestScope scope) => RunWorkflowAsync(scope, scope.Route("workflow_id"));

    public static Task StopChatAsync(RequestScope scope) =>
        StopAsync(scope, scope.App.IsChatMode ? null : DifyApiError.NotChatApp());

    public static Task StopCompletionAsync(RequestScope scope) =>
        StopAsync(scope, scope.App.Mode == DifyAppMode.Completion ? null : DifyApiError.AppUnavailable());

    public static Task StopWorkflowAsync(RequestScope scope) =>
        StopAsync(scope, scope.App.Mode == DifyAppMode.Workflow ? null : DifyApiError.NotWorkflowApp());

    private static async Task RunWorkflowAsync(RequestScope scope, string? workflowId)
    {
        var app = scope.App;
        if (app.Mode != DifyAppMode.Workflow)
            throw DifyApiError.NotWorkflowApp();
        if (workflowId is not null)
            CheckWorkflowId(app, workflowId);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var inputs = Inputs(body);
        var user = RequestScope.RequireUser(body);
        var streaming = Streaming(body);
        var files = FileIds(scope, body);
        await WithSlotAsync(scope, async () =>
        {
            var endUser = scope.Context.Store.GetOrAddEndUser(app, user, scope.Context.Now);
            var run = new RunEngine(scope.Context).Start(app, endUser, string.Empty, inputs, null, streaming, files);
            await AnswerAsync(scope, run, streaming).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task StopAsync(RequestScope scope, DifyApiError? wrongMode)
    {
        if (wrongMode is not null)
            throw wrongMode;
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var user = RequestScope.RequireUser(body);

        // Dify sets a stop flag for (task, user) and answers success whatever the task: only the owner's stop acts.
        if (RequestScope.ParseGuid(scope.Route("task_id")) is { } taskId
            && scope.Context.Store.Tasks.TryGetValue(taskId, out var run)
            && run.App.AppId == scope.App.AppId
            && string.Equals(run.User.ExternalUserId, user, StringComparison.Ordinal))
        {
            run.RequestStop();
        }

        await HttpAnswers.SuccessAsync(scope.Http).ConfigureAwait(false);
    }

    private static async Task WithSlotAsync(RequestScope scope, Func<Task> action)
    {
        var limit = scope.Context.Options.MaxActiveRequestsPerApp;
        var store = scope.Context.Store;
        if (!store.TryAcquireSlot(scope.App.AppId, limit))
            throw DifyApiError.TooManyRequests(scope.App.AppId, limit);
        try
        {
            // The slot is held until the response ends: a stream keeps it until it closes, as in Dify.
            await action().ConfigureAwait(false);
        }
        finally
        {
            store.ReleaseSlot(scope.App.AppId, limit);
        }
    }

    private static async Task AnswerAsync(RequestScope scope, GenerationRun run, bool streaming)
    {
        if (streaming)
        {
            await SseWriter.StreamAsync(scope.Http, scope.Context, run, pingFirst: run.App.Mode == DifyAppMode.Workflow, replay: false, continueOnPause: false).ConfigureAwait(false);
            return;
        }

        await run.WaitSettledAsync(scope.Http.RequestAborted).ConfigureAwait(false);
        if (run.BlockingError is { } error)
            throw new DifyApiError(error.Status, error.Code, error.Message);
        await HttpAnswers.JsonAsync(scope.Http, 200, run.BlockingResult ?? []).ConfigureAwait(false);
    }

    private static Conversation? ResolveConversation(RequestScope scope, JsonObject body, EndUser endUser, JsonObject inputs)
    {
        var store = scope.Context.Store;
        var requested = RequestScope.String(body, "conversation_id");
        if (!string.IsNullOrEmpty(requested))
        {
            if (RequestScope.ParseGuid(requested) is { } id
                && store.Conversations.TryGetValue(id, out var existing)
                && !existing.Deleted
                && existing.AppId == scope.App.AppId
                && existing.EndUserId == endUser.Id)
            {
                return existing;
            }

            throw DifyApiError.ConversationNotExists();
        }

        var now = scope.Context.Now;
        var conversation = new Conversation
        {
            Id = Guid.NewGuid(),
            AppId = scope.App.AppId,
            EndUserId = endUser.Id,
            Inputs = inputs.ToJsonString(EmulatorJson.Options),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (scope.App.Mode == DifyAppMode.AdvancedChat)
        {
            // Chatflows declare conversation variables; two plausible ones make the variables API testable.
            conversation.Variables.Add(new ConversationVariable { Id = Guid.NewGuid(), Name = "user_preference", ValueType = "string", Value = "dark_mode", Description = "User preference setting", CreatedAt = now, UpdatedAt = now });
            conversation.Variables.Add(new ConversationVariable { Id = Guid.NewGuid(), Name = "turns", ValueType = "number", Value = 0, Description = "Number of turns", CreatedAt = now, UpdatedAt = now });
        }

        store.Conversations[conversation.Id] = conversation;
        return conversation;
    }

    private static void CheckWorkflowId(EmulatorApp app, string workflowId)
    {
        if (!Guid.TryParse(workflowId, out var id))
            throw new DifyApiError(400, "bad_request", $"Invalid workflow_id format: '{workflowId}'. ");
        if (id != app.WorkflowId)
            throw new DifyApiError(404, "not_found", $"Workflow not found with id: {workflowId}");
    }

    private static JsonObject Inputs(JsonObject body) => body["inputs"] switch
    {
        JsonObject inputs => (JsonObject)inputs.DeepClone(),
        null => throw DifyApiError.InvalidParam("inputs is required"),
        _ => throw DifyApiError.InvalidParam("inputs must be an object"),
    };

    private static bool Streaming(JsonObject body) => RequestScope.String(body, "response_mode") switch
    {
        null or "blocking" => false,
        "streaming" => true,
        var other => throw DifyApiError.InvalidParam($"response_mode: '{other}' is not one of 'streaming', 'blocking'."),
    };

    private static List<string> FileIds(RequestScope scope, JsonObject body)
    {
        var ids = new List<string>();
        if (body["files"] is not JsonArray files)
            return ids;
        foreach (var file in files)
        {
            if (file is not JsonObject f)
                throw DifyApiError.InvalidParam("files: each file must be an object.");
            var method = RequestScope.String(f, "transfer_method");
            if (method == "local_file")
            {
                var id = RequestScope.ParseGuid(RequestScope.String(f, "upload_file_id"));
                if (id is null || !scope.Context.Store.Files.ContainsKey(id.Value))
                    throw DifyApiError.InvalidParam("Invalid upload file id.");
                ids.Add(id.Value.ToString());
            }
            else if (method != "remote_url")
            {
                throw DifyApiError.InvalidParam("files: transfer_method must be 'remote_url' or 'local_file'.");
            }
        }

        return ids;
    }
}
