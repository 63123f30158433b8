namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// Dify Cloud's knowledge request limit of a workspace: a rolling 60-second window of request times (Dify keeps them in
/// a Redis sorted set). Off when the limit is 0.
/// </summary>
internal sealed class KnowledgeRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _requests = new();

    /// <summary>Records a request at <paramref name="now"/> and tells whether it exceeds <paramref name="perMinute"/>.</summary>
    public bool IsLimited(DateTimeOffset now, int perMinute)
    {
        if (perMinute <= 0)
            return false;
        lock (_gate)
        {
            while (_requests.Count > 0 && now - _requests.Peek() >= Window)
                _requests.Dequeue();
            if (_requests.Count >= perMinute)
                return true;
            _requests.Enqueue(now);
            return false;
        }
    }
}
