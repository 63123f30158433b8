using Dify.HA.Data.Idempotency;

namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>
/// A process-local <see cref="IIdempotencyStore"/> that the in-memory task backend brings for effect-once queues when no
/// other store is registered. Like the backend it is NOT durable.
/// </summary>
internal sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Dictionary<string, Record> _records = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _owners;

    public InMemoryIdempotencyStore(TimeProvider time) => _time = time;

    public ValueTask<IdempotencyBeginResult> TryBeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_records)
        {
            if (_records.TryGetValue(key, out var record) && record.ExpiresAt > now)
            {
                return new ValueTask<IdempotencyBeginResult>(record.Completed
                    ? IdempotencyBeginResult.Completed(record.Result)
                    : IdempotencyBeginResult.InProgress(record.ExpiresAt - now));
            }

            var owner = (++_owners).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[key] = new Record(owner, false, default, now + lease);
            return new ValueTask<IdempotencyBeginResult>(IdempotencyBeginResult.Started(new IdempotencyLease(key, owner)));
        }
    }

    public ValueTask<bool> CompleteAsync(IdempotencyLease lease, ReadOnlyMemory<byte> result, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_records)
        {
            if (_records.TryGetValue(lease.Key, out var record) && string.Equals(record.Owner, lease.OwnerToken, StringComparison.Ordinal) &&
                (record.Completed || record.ExpiresAt > now))
            {
                _records[lease.Key] = new Record(record.Owner, true, result.ToArray(), now + ttl);
                return new ValueTask<bool>(true);
            }

            return new ValueTask<bool>(false);
        }
    }

    public ValueTask<bool> AbandonAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        lock (_records)
        {
            if (_records.TryGetValue(lease.Key, out var record) && !record.Completed && string.Equals(record.Owner, lease.OwnerToken, StringComparison.Ordinal))
            {
                _records.Remove(lease.Key);
                return new ValueTask<bool>(true);
            }

            return new ValueTask<bool>(false);
        }
    }

    private readonly record struct Record(string Owner, bool Completed, ReadOnlyMemory<byte> Result, DateTimeOffset ExpiresAt);
}
