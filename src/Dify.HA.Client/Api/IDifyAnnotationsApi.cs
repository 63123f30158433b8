namespace Dify.HA.Client;

/// <summary>Annotations (curated question-answer pairs) and annotation replies.</summary>
public interface IDifyAnnotationsApi
{
    /// <summary>Lists annotations (<c>getAnnotationList</c>).</summary>
    /// <param name="page">1-based page. Default 1.</param>
    /// <param name="limit">Items per page, 1 to 100. Default 20.</param>
    /// <param name="keyword">Only annotations containing this text. Default: all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyNumberedPage<DifyAnnotation>> ListAsync(int page = 1, int limit = 20, string? keyword = null, CancellationToken cancellationToken = default);

    /// <summary>Creates an annotation (<c>createAnnotation</c>).</summary>
    /// <param name="question">The question, non-blank.</param>
    /// <param name="answer">The answer, non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The annotation.</returns>
    Task<DifyAnnotation> CreateAsync(string question, string answer, CancellationToken cancellationToken = default);

    /// <summary>Replaces an annotation's question and answer (<c>updateAnnotation</c>).</summary>
    /// <param name="annotationId">The annotation's id.</param>
    /// <param name="question">The question, non-blank.</param>
    /// <param name="answer">The answer, non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The annotation.</returns>
    Task<DifyAnnotation> UpdateAsync(string annotationId, string question, string answer, CancellationToken cancellationToken = default);

    /// <summary>Deletes an annotation (<c>deleteAnnotation</c>).</summary>
    /// <param name="annotationId">The annotation's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when deleted.</returns>
    Task DeleteAsync(string annotationId, CancellationToken cancellationToken = default);

    /// <summary>Starts the job that enables annotation replies (<c>initialAnnotationReplySettings</c>, enable).</summary>
    /// <param name="settings">The embedding model and threshold.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job; poll it with <see cref="GetReplyJobStatusAsync"/>.</returns>
    Task<DifyAnnotationReplyJob> EnableReplyAsync(AnnotationReplySettings settings, CancellationToken cancellationToken = default);

    /// <summary>Starts the job that disables annotation replies (<c>initialAnnotationReplySettings</c>, disable). Dify
    /// requires the same settings body as for enabling.</summary>
    /// <param name="settings">The embedding model and threshold.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    Task<DifyAnnotationReplyJob> DisableReplyAsync(AnnotationReplySettings settings, CancellationToken cancellationToken = default);

    /// <summary>Gets an annotation-reply job's status (<c>getInitialAnnotationReplySettingsStatus</c>).</summary>
    /// <param name="action">The job's action.</param>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    Task<DifyAnnotationReplyJob> GetReplyJobStatusAsync(DifyAnnotationReplyAction action, string jobId, CancellationToken cancellationToken = default);
}
