namespace Dify.HA.Client.Resilience.Internal;

/// <summary>One endpoint as the pipeline sees it: where to send, which region it belongs to, and the routing layer's own
/// state object behind it (<see cref="Native"/>), so the pipeline stays independent of how health is kept.</summary>
internal sealed class HaEndpoint
{
    public HaEndpoint(string id, Uri baseUrl, string region, string? apiKeyOverride, object? native = null)
    {
        Id = id;
        // Uri's relative resolution drops the last segment unless the base ends with '/': ".../v1" + "info" would be "/info".
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        Region = region;
        ApiKeyOverride = apiKeyOverride;
        Native = native;
    }

    public string Id { get; }

    /// <summary>The base URL, always ending with '/'.</summary>
    public Uri BaseUrl { get; }

    public string Region { get; }

    /// <summary>The region's own API key, when its Dify deployment has its own app keys; null = the client's key.</summary>
    public string? ApiKeyOverride { get; }

    public object? Native { get; }

    // TimeProvider timestamp of the last sign of life seen by the transport (response headers of any status, a stream event,
    // an answered liveness check); 0 = never. Read by the silent-endpoint check; written on every answer, so a plain
    // volatile long (a stale read only delays the check's verdict by one answer).
    private long _lastHeard;

    // The liveness check in flight or just finished, shared by every attempt waiting on this endpoint.
    private LivenessCheck? _liveness;

    /// <summary>Timestamp of the last answer or event from this endpoint (0 = never).</summary>
    public long LastHeard => Volatile.Read(ref _lastHeard);

    /// <summary>Records a sign of life at <paramref name="timestamp"/>.</summary>
    public void MarkHeard(long timestamp)
    {
        if (timestamp > Volatile.Read(ref _lastHeard)) Volatile.Write(ref _lastHeard, timestamp);
    }

    /// <summary>The current liveness check: a running one, or one that finished less than <paramref name="reuse"/> ago;
    /// otherwise starts <paramref name="probe"/>. Two racing callers may start two checks: harmless.</summary>
    public Task<bool> CheckLivenessAsync(Func<HaEndpoint, Task<bool>> probe, TimeProvider time, TimeSpan reuse)
    {
        var current = Volatile.Read(ref _liveness);
        if (current is not null && (!current.Task.IsCompleted || time.GetElapsedTime(current.Started) < reuse)) return current.Task;
        var check = new LivenessCheck(probe(this), time.GetTimestamp());
        Volatile.Write(ref _liveness, check);
        return check.Task;
    }

    private sealed record LivenessCheck(Task<bool> Task, long Started);

    public override string ToString() => $"{Id} ({Region})";
}
