using System.Text.Json.Nodes;
using Dify.HA.Testing.Generation;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Api;

/// <summary>Workflow run reads (detail, logs), the re-attach stream, and human input forms.</summary>
internal static class WorkflowHandlers
{
    public static Task RunDetailAsync(RequestScope scope)
    {
        if (!scope.App.HasWorkflow)
            throw DifyApiError.NotWorkflowApp();
        var record = FindRun(scope, scope.Route("workflow_run_id"), "Workflow run not found.");
        return HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["id"] = record.Id.ToString(),
            ["workflow_id"] = record.WorkflowId.ToString(),
            ["status"] = record.Status,
            ["inputs"] = record.InputsJson,
            ["outputs"] = record.Outputs.DeepClone(),
            ["error"] = record.Error,
            ["total_steps"] = record.TotalSteps,
            ["total_tokens"] = record.TotalTokens,
            ["created_at"] = EmulatorJson.Unix(record.CreatedAt),
            ["finished_at"] = record.FinishedAt is { } f ? EmulatorJson.Unix(f) : null,
            ["elapsed_time"] = Math.Round(record.ElapsedTime, 6),
        });
    }

    public static Task LogsAsync(RequestScope scope)
    {
        if (scope.App.Mode != DifyAppMode.Workflow)
            throw DifyApiError.NotWorkflowApp();
        var page = scope.IntQuery("page", 1, 1, 99999);
        var limit = scope.IntQuery("limit", 20, 1, 100);
        var status = scope.Query("status");
        if (status is not (null or "" or "succeeded" or "failed" or "stopped"))
            throw DifyApiError.InvalidParam("status: must be one of succeeded, failed, stopped.");
        var keyword = scope.Query("keyword");
        var session = scope.Query("created_by_end_user_session_id");
        var runs = scope.Context.Store.WorkflowRuns.Values
            .Where(r => r.AppId == scope.App.AppId)
            .Where(r => string.IsNullOrEmpty(status) || r.Status == status)
            .Where(r => string.IsNullOrEmpty(keyword) || r.InputsJson.Contains(keyword, StringComparison.OrdinalIgnoreCase) || r.Outputs.ToJsonString().Contains(keyword, StringComparison.OrdinalIgnoreCase))
            .Where(r => string.IsNullOrEmpty(session) || r.ExternalUserId == session)
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToList();
        var data = new JsonArray();
        foreach (var run in runs.Skip((page - 1) * limit).Take(limit))
        {
            data.Add(new JsonObject
            {
                ["id"] = EmulatorApp.DeterministicGuid("log:" + run.Id).ToString(),
                ["workflow_run"] = new JsonObject
                {
                    ["id"] = run.Id.ToString(),
                    ["version"] = "2026-01-01 00:00:00.000000",
                    ["status"] = run.Status,
                    ["error"] = run.Error,
                    ["elapsed_time"] = Math.Round(run.ElapsedTime, 6),
                    ["total_tokens"] = run.TotalTokens,
                    ["total_steps"] = run.TotalSteps,
                    ["created_at"] = EmulatorJson.Unix(run.CreatedAt),
                    ["finished_at"] = run.FinishedAt is { } f ? EmulatorJson.Unix(f) : null,
                    ["exceptions_count"] = 0,
                    ["triggered_from"] = "app-run",
                },
                ["created_from"] = "service-api",
                ["created_by_role"] = "end_user",
                ["created_by_account"] = null,
                ["created_by_end_user"] = new JsonObject
                {
                    ["id"] = run.EndUserId.ToString(),
                    ["type"] = "service-api",
                    ["is_anonymous"] = false,
                    ["session_id"] = run.ExternalUserId,
                },
                ["created_at"] = EmulatorJson.Unix(run.CreatedAt),
                ["details"] = null,
            });
        }

        return HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["page"] = page,
            ["limit"] = limit,
            ["total"] = runs.Count,
            ["has_more"] = page * limit < runs.Count,
            ["data"] = data,
        });
    }

    /// <summary>
    /// <c>GET /workflow/{id}/events</c>: re-attaches to a run of this region. Replays its events from
    /// <c>workflow_started</c> (omitting a pause the run has left), then follows it live; ends at the run's end, or at a
    /// pause unless <c>continue_on_pause=true</c>.
    /// </summary>
    public static async Task EventsAsync(RequestScope scope)
    {
        if (!scope.App.HasWorkflow)
            throw DifyApiError.NotWorkflowApp();
        var user = scope.RequireQueryUser();
        var record = FindRun(scope, scope.Route("workflow_run_id"), "Workflow run not found");
        if (record.ExternalUserId != user || !scope.Context.Store.RunsByWorkflowRunId.TryGetValue(record.Id, out var run))
            throw new DifyApiError(404, "not_found", "Workflow run not found");
        var continueOnPause = string.Equals(scope.Query("continue_on_pause"), "true", StringComparison.OrdinalIgnoreCase);
        await SseWriter.StreamAsync(scope.Http, scope.Context, run, pingFirst: true, replay: true, continueOnPause).ConfigureAwait(false);
    }

    public static Task GetFormAsync(RequestScope scope)
    {
        var form = FindForm(scope);
        var definition = form.Definition;
        return HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["form_content"] = definition["form_content"]?.DeepClone(),
            ["inputs"] = definition["inputs"]?.DeepClone(),
            ["resolved_default_values"] = definition["resolved_default_values"]?.DeepClone(),
            ["user_actions"] = definition["actions"]?.DeepClone(),
            ["expiration_time"] = EmulatorJson.Unix(form.ExpiresAt),
        });
    }

    public static async Task SubmitFormAsync(RequestScope scope)
    {
        var form = FindForm(scope);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (body["inputs"] is not JsonObject inputs)
            throw new DifyApiError(400, "invalid_form_data", "inputs is required");
        var action = RequestScope.String(body, "action");
        RequestScope.RequireUser(body);
        if (action is not ("approve" or "reject"))
            throw new DifyApiError(400, "invalid_form_data", $"Invalid action: {action}");
        if (!inputs.ContainsKey("comment"))
            throw new DifyApiError(400, "invalid_form_data", "Missing required inputs: comment");
        lock (scope.Context.Store.Gate)
        {
            if (form.Submitted)
                throw Submitted(form);
            form.Submitted = true;
        }

        form.Submission.TrySetResult((action, (JsonObject)inputs.DeepClone()));
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject()).ConfigureAwait(false);
    }

    private static HumanInputForm FindForm(RequestScope scope)
    {
        var store = scope.Context.Store;
        if (!store.Forms.TryGetValue(scope.Route("form_token"), out var form)
            || !store.WorkflowRuns.TryGetValue(form.WorkflowRunId, out var record)
            || record.AppId != scope.App.AppId)
        {
            throw new DifyApiError(404, "not_found", "Form not found");
        }

        if (form.Submitted)
            throw Submitted(form);
        if (scope.Context.Now > form.ExpiresAt)
            throw new DifyApiError(412, "human_input_form_expired", $"This form has expired, form_id={form.FormId}");
        return form;
    }

    private static DifyApiError Submitted(HumanInputForm form) =>
        new(412, "human_input_form_submitted", $"This form has already been submitted by another user, form_id={form.FormId}");

    private static WorkflowRunRecord FindRun(RequestScope scope, string id, string notFound) =>
        RequestScope.ParseGuid(id) is { } guid
        && scope.Context.Store.WorkflowRuns.TryGetValue(guid, out var record)
        && record.AppId == scope.App.AppId
            ? record
            : throw new DifyApiError(404, "not_found", notFound);
}
