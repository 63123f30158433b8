namespace Dify.HA.Client;

/// <summary>The asynchronous job that enables or disables annotation replies.</summary>
public sealed record DifyAnnotationReplyJob
{
    /// <summary>The job's id: for <c>Annotations.GetReplyJobStatusAsync</c>.</summary>
    public string? JobId { get; init; }

    /// <summary><c>waiting</c>, <c>processing</c>, <c>completed</c> or <c>error</c>.</summary>
    public string? JobStatus { get; init; }

    /// <summary>Why the job failed (empty unless <see cref="JobStatus"/> is <c>error</c>).</summary>
    public string? ErrorMsg { get; init; }
}
