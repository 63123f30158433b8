using System.Text.Json.Nodes;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Api;

/// <summary>Annotations CRUD and the annotation-reply switch with its job status.</summary>
internal static class AnnotationHandlers
{
    public static async Task CreateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var (question, answer) = QuestionAndAnswer(body);
        var annotation = new StoredAnnotation { Id = Guid.NewGuid(), AppId = scope.App.AppId, Question = question, Answer = answer, CreatedAt = scope.Context.Now };
        scope.Context.Store.Annotations[annotation.Id] = annotation;
        await HttpAnswers.JsonAsync(scope.Http, 201, Json(annotation)).ConfigureAwait(false);
    }

    public static async Task ListAsync(RequestScope scope)
    {
        var page = scope.IntQuery("page", 1, 1, 99999);
        var limit = scope.IntQuery("limit", 20, 1, 100);
        var keyword = scope.Query("keyword");
        var all = scope.Context.Store.Annotations.Values
            .Where(a => a.AppId == scope.App.AppId)
            .Where(a => string.IsNullOrEmpty(keyword) || a.Question.Contains(keyword, StringComparison.OrdinalIgnoreCase) || a.Answer.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id)
            .ToList();
        var data = new JsonArray();
        foreach (var annotation in all.Skip((page - 1) * limit).Take(limit))
            data.Add(Json(annotation));
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
        {
            ["data"] = data,
            ["has_more"] = page * limit < all.Count,
            ["limit"] = limit,
            ["total"] = all.Count,
            ["page"] = page,
        }).ConfigureAwait(false);
    }

    public static async Task UpdateAsync(RequestScope scope)
    {
        var annotation = Find(scope);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var (question, answer) = QuestionAndAnswer(body);
        annotation.Question = question;
        annotation.Answer = answer;
        await HttpAnswers.JsonAsync(scope.Http, 200, Json(annotation)).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        var annotation = Find(scope);
        scope.Context.Store.Annotations.TryRemove(annotation.Id, out _);
        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task ReplySettingsAsync(RequestScope scope)
    {
        var action = Action(scope);
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (action == "enable")
        {
            if (RequestScope.String(body, "embedding_provider_name") is not { Length: > 0 } || RequestScope.String(body, "embedding_model_name") is not { Length: > 0 })
                throw DifyApiError.InvalidParam("embedding_provider_name and embedding_model_name are required");
            if (body["score_threshold"] is not JsonValue threshold || !threshold.TryGetValue<double>(out _))
                throw DifyApiError.InvalidParam("score_threshold is required");
        }

        var jobId = Guid.NewGuid();
        scope.Context.Store.AnnotationJobs[jobId] = action;
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["job_id"] = jobId.ToString(), ["job_status"] = "waiting" }).ConfigureAwait(false);
    }

    public static async Task ReplyStatusAsync(RequestScope scope)
    {
        var action = Action(scope);
        if (RequestScope.ParseGuid(scope.Route("job_id")) is not { } jobId
            || !scope.Context.Store.AnnotationJobs.TryGetValue(jobId, out var jobAction)
            || jobAction != action)
        {
            throw DifyApiError.InvalidParam("The job does not exist.");
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["job_id"] = jobId.ToString(), ["job_status"] = "completed", ["error_msg"] = string.Empty }).ConfigureAwait(false);
    }

    private static string Action(RequestScope scope) => scope.Route("action") switch
    {
        "enable" => "enable",
        "disable" => "disable",
        _ => throw DifyApiError.InvalidParam("action must be 'enable' or 'disable'."),
    };

    private static (string Question, string Answer) QuestionAndAnswer(JsonObject body)
    {
        var question = RequestScope.String(body, "question");
        var answer = RequestScope.String(body, "answer");
        if (string.IsNullOrEmpty(question))
            throw DifyApiError.InvalidParam("question is required");
        if (string.IsNullOrEmpty(answer))
            throw DifyApiError.InvalidParam("answer is required");
        return (question, answer);
    }

    private static StoredAnnotation Find(RequestScope scope) =>
        RequestScope.ParseGuid(scope.Route("annotation_id")) is { } id
        && scope.Context.Store.Annotations.TryGetValue(id, out var annotation)
        && annotation.AppId == scope.App.AppId
            ? annotation
            : throw new DifyApiError(404, "not_found", "Annotation not found");

    private static JsonObject Json(StoredAnnotation annotation) => new()
    {
        ["id"] = annotation.Id.ToString(),
        ["question"] = annotation.Question,
        ["answer"] = annotation.Answer,
        ["hit_count"] = annotation.HitCount,
        ["created_at"] = EmulatorJson.Unix(annotation.CreatedAt),
    };
}
