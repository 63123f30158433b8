namespace Dify.HA.Client;

/// <summary>How <c>Documents.WaitForIndexingAsync</c> polls. Every poll is a Knowledge API call; the workspace's
/// knowledge rate limit (a few calls a minute on small plans) is shared by all of them, so the defaults poll gently.</summary>
public sealed record DifyIndexingWaitOptions
{
    /// <summary>Wait before the second poll (the first is immediate). Default 1 s; range 10 ms to 1 min.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between polls; the wait doubles from <see cref="InitialDelay"/> up to this. Default 15 s;
    /// range <see cref="InitialDelay"/> to 10 min.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Give up (<see cref="TimeoutException"/>) after this long. Default 10 min; range 1 s to 24 h.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait after Dify answers with its knowledge rate limit (403) before polling again: Dify counts requests in
    /// a sliding 60 s window. Default 60 s; range 0 to 10 min (capped by what is left of <see cref="Timeout"/>).</summary>
    public TimeSpan RateLimitDelay { get; init; } = DifyFailureClassifier.KnowledgeRateLimitWindow;
}
