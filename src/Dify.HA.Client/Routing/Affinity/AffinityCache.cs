using System.Collections.Concurrent;

namespace Dify.HA.Client.Routing.Affinity;

/// <summary>
/// Which region created a conversation, a task or a workflow run: bounded (the oldest-used entries go first past
/// <c>maxEntries</c>) and expiring (<c>timeToLive</c> after the last use), on the injected clock.
/// </summary>
internal sealed class AffinityCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _maxEntries;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private int _trimming;
    // ConcurrentDictionary.Count takes every bucket lock: far too dear on every pin. This count is kept beside it,
    // may drift by a few under races (a key removed between TryAdd and the overwrite), and is re-read exactly on trim.
    private int _approximateCount;

    public AffinityCache(int maxEntries, TimeSpan timeToLive, TimeProvider timeProvider)
    {
        _maxEntries = maxEntries;
        _ttl = timeToLive;
        _time = timeProvider;
    }

    public int Count => _entries.Count;

    public void PinConversation(string id, string region) => Pin("c:" + id, region);

    public void PinTask(string id, string region) => Pin("t:" + id, region);

    public void PinRun(string id, string region) => Pin("r:" + id, region);

    /// <summary>The region of the first of the ids that is pinned (run, then task, then conversation); null when none.</summary>
    public string? Find(string? conversationId, string? taskId, string? workflowRunId)
        => (workflowRunId is null ? null : Get("r:" + workflowRunId))
           ?? (taskId is null ? null : Get("t:" + taskId))
           ?? (conversationId is null ? null : Get("c:" + conversationId));

    private void Pin(string key, string region)
    {
        var now = _time.GetUtcNow();
        var entry = new Entry(region, now + _ttl);
        if (_entries.TryAdd(key, entry))
        {
            if (Interlocked.Increment(ref _approximateCount) > _maxEntries) Trim(now);
        }
        else
        {
            _entries[key] = entry;
        }
    }

    private string? Get(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        var now = _time.GetUtcNow();
        if (entry.ExpiresAt <= now)
        {
            if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry))) Interlocked.Decrement(ref _approximateCount);
            return null;
        }
        // Sliding expiry: a conversation in use stays pinned.
        _entries.TryUpdate(key, entry with { ExpiresAt = now + _ttl }, entry);
        return entry.Region;
    }

    private void Trim(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1) return;
        try
        {
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now) _entries.TryRemove(pair);
            }
            var excess = _entries.Count - _maxEntries;
            if (excess <= 0) return;
            // Drop the least recently used tenth (at least the excess) so trimming is rare.
            var drop = Math.Max(excess, _maxEntries / 10);
            // Not LINQ over the dictionary: Enumerable sizes an array from Count and then copies, which throws when
            // other callers pin meanwhile. The dictionary's own enumerator is safe under concurrent writes.
            var oldest = new List<KeyValuePair<string, Entry>>(_maxEntries + drop);
            foreach (var pair in _entries) oldest.Add(pair);
            oldest.Sort(static (a, b) => a.Value.ExpiresAt.CompareTo(b.Value.ExpiresAt));
            for (var i = 0; i < drop && i < oldest.Count; i++) _entries.TryRemove(oldest[i]);
        }
        finally
        {
            Volatile.Write(ref _approximateCount, _entries.Count);
            Volatile.Write(ref _trimming, 0);
        }
    }

    private readonly record struct Entry(string Region, DateTimeOffset ExpiresAt);
}
