using System.Collections.Concurrent;
using Dify.HA.Testing.Generation;

namespace Dify.HA.Testing.Store;

/// <summary>
/// The in-memory "database" of one region: every endpoint of the region reads and writes it, so a conversation, task
/// or workflow run created through one endpoint is visible (and stoppable) through another, and 404 in other regions.
/// </summary>
internal sealed class RegionStore
{
    private readonly ConcurrentDictionary<Guid, int> _active = new();
    private long _sequence;

    public RegionStore(string name) => Name = name;

    public string Name { get; }

    /// <summary>Guards the mutable fields of conversations and messages (lists, names, answers).</summary>
    public Lock Gate { get; } = new();

    public ConcurrentDictionary<(Guid AppId, string User), EndUser> EndUsersByName { get; } = new();

    public ConcurrentDictionary<Guid, EndUser> EndUsers { get; } = new();

    public ConcurrentDictionary<Guid, Conversation> Conversations { get; } = new();

    public ConcurrentDictionary<Guid, StoredMessage> Messages { get; } = new();

    public ConcurrentDictionary<Guid, StoredFile> Files { get; } = new();

    public ConcurrentDictionary<Guid, WorkflowRunRecord> WorkflowRuns { get; } = new();

    public ConcurrentDictionary<Guid, GenerationRun> Tasks { get; } = new();

    public ConcurrentDictionary<Guid, GenerationRun> RunsByWorkflowRunId { get; } = new();

    public ConcurrentDictionary<Guid, StoredAnnotation> Annotations { get; } = new();

    public ConcurrentDictionary<Guid, string> AnnotationJobs { get; } = new();

    public ConcurrentDictionary<string, HumanInputForm> Forms { get; } = new(StringComparer.Ordinal);

    /// <summary>The workspace's Knowledge API data (datasets, documents, segments, tags, metadata), shared by its dataset keys.</summary>
    public Dify.HA.Testing.Knowledge.KnowledgeStore Knowledge { get; } = new();

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public EndUser GetOrAddEndUser(EmulatorApp app, string user, DateTimeOffset now)
    {
        var endUser = EndUsersByName.GetOrAdd((app.AppId, user), static (key, now) => new EndUser
        {
            Id = Guid.NewGuid(),
            AppId = key.AppId,
            ExternalUserId = key.User,
            CreatedAt = now,
        }, now);
        EndUsers.TryAdd(endUser.Id, endUser);
        return endUser;
    }

    /// <summary>Takes a generation slot of an app; false when the app already runs <paramref name="limit"/> generations.</summary>
    public bool TryAcquireSlot(Guid appId, int limit)
    {
        if (limit <= 0)
            return true;
        while (true)
        {
            var current = _active.GetOrAdd(appId, 0);
            if (current >= limit)
                return false;
            if (_active.TryUpdate(appId, current + 1, current))
                return true;
        }
    }

    public void ReleaseSlot(Guid appId, int limit)
    {
        if (limit <= 0)
            return;
        _active.AddOrUpdate(appId, 0, static (_, n) => Math.Max(0, n - 1));
    }
}
