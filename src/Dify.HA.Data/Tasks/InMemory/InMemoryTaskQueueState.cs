using System.Threading.Channels;

namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>
/// One queue of <see cref="InMemoryTaskStore"/>: a ready heap (priority, then FIFO), a delay heap (due time), a lease
/// heap (expiry, lazily cleaned), the dead letters and the idempotency keys, all guarded by one lock so that every
/// operation is atomic. A one-slot channel wakes waiting workers when something becomes ready.
/// </summary>
internal sealed class InMemoryTaskQueueState
{
    private readonly PriorityQueue<InMemoryTaskEntry, (int Priority, long Sequence)> _ready = new(InMemoryReadyOrder.Instance);
    private readonly PriorityQueue<InMemoryTaskEntry, (DateTimeOffset Due, long Sequence)> _delayed = new();
    private readonly PriorityQueue<(InMemoryTaskEntry Entry, string Token), DateTimeOffset> _leaseExpiries = new();
    private readonly Dictionary<string, InMemoryTaskEntry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByKey = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset ForgetAt, string Key, string TaskId)> _keysToForget = new();
    private readonly List<InMemoryTaskEntry> _deadLetters = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = false,
        SingleWriter = false,
    });

    private readonly TimeSpan _keyRetention;
    private long _sequence;
    private long _leaseTokens;
    private int _leased;

    public InMemoryTaskQueueState(string name, TimeSpan keyRetention)
    {
        Name = name;
        _keyRetention = keyRetention;
    }

    public string Name { get; }

    public object Gate { get; } = new();

    public ChannelReader<bool> Wake => _wake.Reader;

    public TaskEnqueueResult Enqueue(TaskEnvelope task, DateTimeOffset now)
    {
        lock (Gate)
        {
            ForgetExpiredKeys(now);
            if (task.IdempotencyKey is { } key && _idByKey.TryGetValue(key, out var firstId))
            {
                return new TaskEnqueueResult(firstId, false);
            }

            if (_byId.ContainsKey(task.Id))
            {
                return new TaskEnqueueResult(task.Id, false);
            }

            var entry = new InMemoryTaskEntry(task, ++_sequence);
            _byId.Add(task.Id, entry);
            if (task.IdempotencyKey is { } newKey)
            {
                _idByKey.Add(newKey, task.Id);
            }

            MakeDueOrDelayed(entry, task.NotBefore ?? now, now);
        }

        _wake.Writer.TryWrite(true);
        return new TaskEnqueueResult(task.Id, true);
    }

    public IReadOnlyList<TaskLease> Lease(string consumerId, int maxCount, TimeSpan leaseDuration, DateTimeOffset now)
    {
        List<TaskLease>? leases = null;
        var leasedUntil = now + leaseDuration;
        lock (Gate)
        {
            ExpireLeases(now);
            PromoteDue(now);
            while (_ready.TryDequeue(out var entry, out _))
            {
                var token = (++_leaseTokens).ToString(System.Globalization.CultureInfo.InvariantCulture);
                entry.State = InMemoryTaskState.Leased;
                entry.LeaseToken = token;
                entry.ConsumerId = consumerId;
                entry.LeasedUntil = leasedUntil;
                _leased++;
                _leaseExpiries.Enqueue((entry, token), leasedUntil);
                (leases ??= new List<TaskLease>(Math.Min(maxCount, 64))).Add(new TaskLease
                {
                    Task = entry.Task,
                    Attempt = entry.Attempt,
                    ConsumerId = consumerId,
                    LeaseToken = token,
                    LeasedUntil = leasedUntil,
                    PreviousErrors = entry.Errors is { Count: > 0 } errors ? errors.ToArray() : [],
                });
                if (leases.Count >= maxCount)
                {
                    break;
                }
            }
        }

        return leases ?? (IReadOnlyList<TaskLease>)[];
    }

    public bool Renew(TaskLease lease, TimeSpan leaseDuration, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!TryGetLeased(lease, out var entry))
            {
                return false;
            }

            // An expired lease nobody took over yet is still this consumer's: renewing it is safe.
            entry.LeasedUntil = now + leaseDuration;
            return true;
        }
    }

    public void Complete(TaskLease lease, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!TryGetLeased(lease, out var entry))
            {
                return;
            }

            _leased--;
            entry.State = InMemoryTaskState.Done;
            entry.LeaseToken = null;
            _byId.Remove(entry.Task.Id);
            RememberKeyUntilRetention(entry, now);
        }
    }

    public void Retry(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError error, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!TryGetLeased(lease, out var entry))
            {
                return;
            }

            _leased--;
            (entry.Errors ??= []).Add(error);
            entry.Attempt++;
            entry.Sequence = ++_sequence;
            MakeDueOrDelayed(entry, notBefore, now);
        }

        _wake.Writer.TryWrite(true);
    }

    public void DeadLetter(TaskLease lease, TaskAttemptError error, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!TryGetLeased(lease, out var entry))
            {
                return;
            }

            _leased--;
            (entry.Errors ??= []).Add(error);
            entry.State = InMemoryTaskState.DeadLettered;
            entry.LeaseToken = null;
            entry.DeadLetteredAt = now;
            _deadLetters.Add(entry);
        }
    }

    public void Release(TaskLease lease, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!TryGetLeased(lease, out var entry))
            {
                return;
            }

            // Same attempt, same sequence: a released task was not tried, so it keeps its place in line.
            _leased--;
            entry.LeaseToken = null;
            MakeDueOrDelayed(entry, now, now);
        }

        _wake.Writer.TryWrite(true);
    }

    public IReadOnlyList<DeadLetteredTask> ListDeadLetters(int limit)
    {
        lock (Gate)
        {
            var count = Math.Min(limit, _deadLetters.Count);
            var result = new DeadLetteredTask[count];
            for (var i = 0; i < count; i++)
            {
                var entry = _deadLetters[i];
                result[i] = new DeadLetteredTask
                {
                    Task = entry.Task,
                    Errors = entry.Errors?.ToArray() ?? [],
                    DeadLetteredAt = entry.DeadLetteredAt,
                };
            }

            return result;
        }
    }

    public bool Redrive(string taskId, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!_byId.TryGetValue(taskId, out var entry) || entry.State != InMemoryTaskState.DeadLettered)
            {
                return false;
            }

            _deadLetters.Remove(entry);
            entry.Attempt = 1;
            entry.Errors = null;
            entry.Sequence = ++_sequence;
            MakeDueOrDelayed(entry, now, now);
        }

        _wake.Writer.TryWrite(true);
        return true;
    }

    public TaskQueueStats GetStats(DateTimeOffset now)
    {
        lock (Gate)
        {
            ExpireLeases(now);
            PromoteDue(now);
            TimeSpan? oldest = null;

            // A scan: stats are read by metric observers a few times a minute, not on the hot path.
            foreach (var (entry, _) in _ready.UnorderedItems)
            {
                var age = now - entry.ReadySince;
                if (oldest is null || age > oldest)
                {
                    oldest = age;
                }
            }

            return new TaskQueueStats
            {
                Depth = _ready.Count + _delayed.Count + _leased,
                Leased = _leased,
                Delayed = _delayed.Count,
                OldestReadyAge = oldest,
                DeadLettered = _deadLetters.Count,
            };
        }
    }

    /// <summary>The earliest due time of a delayed task or lease expiry, so that a waiting worker can wake for it.</summary>
    public DateTimeOffset? NextTimedEvent()
    {
        lock (Gate)
        {
            DateTimeOffset? next = null;
            if (_delayed.TryPeek(out _, out var due))
            {
                next = due.Due;
            }

            if (_leaseExpiries.TryPeek(out _, out var expiry) && (next is null || expiry < next))
            {
                next = expiry;
            }

            return next;
        }
    }

    private bool TryGetLeased(TaskLease lease, out InMemoryTaskEntry entry)
    {
        if (_byId.TryGetValue(lease.Task.Id, out entry!) &&
            entry.State == InMemoryTaskState.Leased &&
            string.Equals(entry.LeaseToken, lease.LeaseToken, StringComparison.Ordinal))
        {
            return true;
        }

        entry = null!;
        return false;
    }

    private void MakeDueOrDelayed(InMemoryTaskEntry entry, DateTimeOffset dueAt, DateTimeOffset now)
    {
        entry.DueAt = dueAt;
        if (dueAt <= now)
        {
            entry.State = InMemoryTaskState.Ready;
            entry.ReadySince = dueAt;
            _ready.Enqueue(entry, (entry.Task.Priority, entry.Sequence));
        }
        else
        {
            entry.State = InMemoryTaskState.Delayed;
            _delayed.Enqueue(entry, (dueAt, entry.Sequence));
        }
    }

    private void PromoteDue(DateTimeOffset now)
    {
        while (_delayed.TryPeek(out var entry, out var due) && due.Due <= now)
        {
            _delayed.Dequeue();
            entry.State = InMemoryTaskState.Ready;
            entry.ReadySince = due.Due;
            _ready.Enqueue(entry, (entry.Task.Priority, entry.Sequence));
        }
    }

    private void ExpireLeases(DateTimeOffset now)
    {
        while (_leaseExpiries.TryPeek(out var item, out var until) && until <= now)
        {
            _leaseExpiries.Dequeue();
            var (entry, token) = item;
            if (entry.State != InMemoryTaskState.Leased || !string.Equals(entry.LeaseToken, token, StringComparison.Ordinal))
            {
                continue; // stale: completed, retried or released since
            }

            if (entry.LeasedUntil > now)
            {
                _leaseExpiries.Enqueue(item, entry.LeasedUntil); // renewed since
                continue;
            }

            // The consumer died or stalled: deliver again, counting the lost attempt.
            _leased--;
            (entry.Errors ??= []).Add(new TaskAttemptError
            {
                Attempt = entry.Attempt,
                At = now,
                Type = TaskErrorTypes.LeaseExpired,
                Message = $"The lease of consumer '{entry.ConsumerId}' expired before the task was acknowledged.",
            });
            entry.Attempt++;
            entry.LeaseToken = null;
            MakeDueOrDelayed(entry, now, now);
        }
    }

    private void RememberKeyUntilRetention(InMemoryTaskEntry entry, DateTimeOffset now)
    {
        if (entry.Task.IdempotencyKey is { } key)
        {
            _keysToForget.Enqueue((now + _keyRetention, key, entry.Task.Id));
        }
    }

    private void ForgetExpiredKeys(DateTimeOffset now)
    {
        while (_keysToForget.TryPeek(out var item) && item.ForgetAt <= now)
        {
            _keysToForget.Dequeue();
            if (_idByKey.TryGetValue(item.Key, out var id) && string.Equals(id, item.TaskId, StringComparison.Ordinal))
            {
                _idByKey.Remove(item.Key);
            }
        }
    }
}
