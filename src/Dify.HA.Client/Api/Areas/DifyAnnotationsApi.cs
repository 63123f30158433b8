using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyAnnotationsApi : IDifyAnnotationsApi
{
    private readonly DifyApiCore _core;

    public DifyAnnotationsApi(DifyApiCore core) => _core = core;

    public Task<DifyNumberedPage<DifyAnnotation>> ListAsync(int page = 1, int limit = 20, string? keyword = null, CancellationToken cancellationToken = default)
    {
        DifyArgument.Page(page, nameof(page));
        DifyArgument.Limit(limit, nameof(limit));
        var path = DifyPath.WithQuery("apps/annotations", ("page", DifyPath.Int(page)), ("limit", DifyPath.Int(limit)), ("keyword", keyword));
        var request = _core.Request("getAnnotationList", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyNumberedPageDifyAnnotation, cancellationToken);
    }

    public Task<DifyAnnotation> CreateAsync(string question, string answer, CancellationToken cancellationToken = default)
    {
        var body = Body(question, answer);
        var request = _core.Request("createAnnotation", HttpMethod.Post, "apps/annotations", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.AnnotationBody, nameof(question)),
        };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyAnnotation, cancellationToken);
    }

    public Task<DifyAnnotation> UpdateAsync(string annotationId, string question, string answer, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(annotationId, nameof(annotationId), "annotation");
        var body = Body(question, answer);
        var request = _core.Request("updateAnnotation", HttpMethod.Put, $"apps/annotations/{DifyPath.Segment(id)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.AnnotationBody, nameof(question)),
        };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyAnnotation, cancellationToken);
    }

    public Task DeleteAsync(string annotationId, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(annotationId, nameof(annotationId), "annotation");
        var request = _core.Request("deleteAnnotation", HttpMethod.Delete, $"apps/annotations/{DifyPath.Segment(id)}", DifyOperationKind.Write);
        return _core.SendAsync(request, cancellationToken);
    }

    public Task<DifyAnnotationReplyJob> EnableReplyAsync(AnnotationReplySettings settings, CancellationToken cancellationToken = default)
        => Configure(DifyAnnotationReplyAction.Enable, settings, cancellationToken);

    public Task<DifyAnnotationReplyJob> DisableReplyAsync(AnnotationReplySettings settings, CancellationToken cancellationToken = default)
        => Configure(DifyAnnotationReplyAction.Disable, settings, cancellationToken);

    public Task<DifyAnnotationReplyJob> GetReplyJobStatusAsync(DifyAnnotationReplyAction action, string jobId, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(jobId, nameof(jobId), "annotation-reply job");
        var request = _core.Request("getInitialAnnotationReplySettingsStatus", HttpMethod.Get, $"apps/annotation-reply/{Action(action)}/status/{DifyPath.Segment(id)}", DifyOperationKind.Read);
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyAnnotationReplyJob, cancellationToken);
    }

    private Task<DifyAnnotationReplyJob> Configure(DifyAnnotationReplyAction action, AnnotationReplySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DifyArgument.NotBlank(settings.EmbeddingProviderName, "settings.EmbeddingProviderName", "pass the embedding provider, e.g. openai.");
        DifyArgument.NotBlank(settings.EmbeddingModelName, "settings.EmbeddingModelName", "pass the embedding model, e.g. text-embedding-3-small.");
        if (double.IsNaN(settings.ScoreThreshold) || settings.ScoreThreshold < 0 || settings.ScoreThreshold > 1)
            throw new ArgumentOutOfRangeException("settings.ScoreThreshold", settings.ScoreThreshold, "settings.ScoreThreshold is a similarity between 0 and 1 (e.g. 0.9).");
        var request = _core.Request("initialAnnotationReplySettings", HttpMethod.Post, $"apps/annotation-reply/{Action(action)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(settings, DifyApiJsonContext.Default.AnnotationReplySettings, nameof(settings)),
        };
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyAnnotationReplyJob, cancellationToken);
    }

    private static AnnotationBody Body(string question, string answer) => new(
        DifyArgument.NotBlank(question, nameof(question), "pass the question the annotation answers."),
        DifyArgument.NotBlank(answer, nameof(answer), "pass the answer Dify should give."));

    private static string Action(DifyAnnotationReplyAction action) => action switch
    {
        DifyAnnotationReplyAction.Enable => "enable",
        DifyAnnotationReplyAction.Disable => "disable",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "action must be Enable or Disable."),
    };
}
