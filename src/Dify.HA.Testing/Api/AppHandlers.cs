using System.Text.Json.Nodes;
using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Api;

/// <summary>App information (info, parameters, meta, site) and end users.</summary>
internal static class AppHandlers
{
    public static Task InfoAsync(RequestScope scope) => HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
    {
        ["name"] = scope.App.Name,
        ["description"] = "An app served by the Dify.HA emulator.",
        ["tags"] = new JsonArray("emulator"),
        ["mode"] = EmulatorApp.ModeName(scope.App.Mode),
        ["author_name"] = "Dify.HA",
    });

    public static Task ParametersAsync(RequestScope scope)
    {
        var form = new JsonArray();
        if (scope.App.Mode is DifyAppMode.Workflow or DifyAppMode.Completion)
            form.Add(new JsonObject { ["text-input"] = new JsonObject { ["label"] = "Query", ["variable"] = "query", ["required"] = false, ["max_length"] = 4096, ["default"] = string.Empty } });
        if (scope.App.HasWorkflow)
            form.Add(new JsonObject { ["select"] = new JsonObject { ["label"] = "Pause for human input", ["variable"] = "human_input", ["required"] = false, ["default"] = "false", ["options"] = new JsonArray("false", "true") } });
        return HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["opening_statement"] = "Hello! I am an emulated Dify app.",
            ["suggested_questions"] = new JsonArray("What can you do?", "How does failover work?"),
            ["suggested_questions_after_answer"] = new JsonObject { ["enabled"] = true },
            ["speech_to_text"] = new JsonObject { ["enabled"] = true },
            ["text_to_speech"] = new JsonObject { ["enabled"] = true, ["voice"] = "alloy", ["language"] = "en-US", ["autoPlay"] = "disabled" },
            ["retriever_resource"] = new JsonObject { ["enabled"] = true },
            ["annotation_reply"] = new JsonObject { ["enabled"] = false },
            ["more_like_this"] = new JsonObject { ["enabled"] = false },
            ["sensitive_word_avoidance"] = new JsonObject { ["enabled"] = false },
            ["user_input_form"] = form,
            ["file_upload"] = new JsonObject
            {
                ["image"] = new JsonObject { ["enabled"] = true, ["number_limits"] = 3, ["detail"] = "high", ["transfer_methods"] = new JsonArray("remote_url", "local_file") },
            },
            ["system_parameters"] = new JsonObject
            {
                ["file_size_limit"] = scope.Context.Options.MaxUploadBytes / (1024 * 1024),
                ["image_file_size_limit"] = 10,
                ["audio_file_size_limit"] = 50,
                ["video_file_size_limit"] = 100,
                ["workflow_file_upload_limit"] = 10,
            },
        });
    }

    public static Task MetaAsync(RequestScope scope) =>
        HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["tool_icons"] = new JsonObject() });

    public static Task SiteAsync(RequestScope scope) => HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
    {
        ["title"] = scope.App.Name,
        ["chat_color_theme"] = "#4A90D9",
        ["chat_color_theme_inverted"] = false,
        ["icon_type"] = "emoji",
        ["icon"] = "🤖",
        ["icon_background"] = "#FFFFFF",
        ["icon_url"] = null,
        ["description"] = "An app served by the Dify.HA emulator.",
        ["copyright"] = "Dify.HA",
        ["privacy_policy"] = string.Empty,
        ["input_placeholder"] = "Ask me anything...",
        ["custom_disclaimer"] = string.Empty,
        ["default_language"] = "en-US",
        ["show_workflow_steps"] = false,
        ["use_icon_as_answer_icon"] = false,
    });

    public static Task EndUserAsync(RequestScope scope)
    {
        if (RequestScope.ParseGuid(scope.Route("end_user_id")) is not { } id
            || !scope.Context.Store.EndUsers.TryGetValue(id, out var user)
            || user.AppId != scope.App.AppId)
        {
            throw new DifyApiError(404, "end_user_not_found", "End user not found.");
        }

        return HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["id"] = user.Id.ToString(),
            ["tenant_id"] = FileHandlers.TenantId(scope).ToString(),
            ["app_id"] = user.AppId.ToString(),
            ["type"] = "service-api",
            ["external_user_id"] = user.ExternalUserId,
            ["name"] = null,
            ["is_anonymous"] = false,
            ["session_id"] = user.ExternalUserId,
            ["created_at"] = EmulatorJson.Iso(user.CreatedAt),
            ["updated_at"] = EmulatorJson.Iso(user.CreatedAt),
        });
    }
}
