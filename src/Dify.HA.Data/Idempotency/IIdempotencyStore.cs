namespace Dify.HA.Data.Idempotency;

/// <summary>
/// Records that the work named by a key started, is in progress, or completed with a result, so that the work runs
/// to completion once even when callers repeat it (client retries, re-delivered tasks, several instances). Backends:
/// Redis (<c>AddDifyRedisIdempotencyStore</c>) and PostgreSQL (<c>AddDifyPostgresIdempotencyStore</c>); use
/// <see cref="IdempotencyStoreExtensions.RunOnceAsync(IIdempotencyStore, string, Func{CancellationToken, ValueTask{ReadOnlyMemory{byte}}}, IdempotencyRunOptions?, CancellationToken)"/>
/// for the usual begin / work / complete sequence.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Takes a lease on <paramref name="key"/> if nobody holds one and it has not completed (atomically: of any number
    /// of concurrent callers exactly one gets <see cref="IdempotencyStatus.Started"/>).
    /// </summary>
    /// <param name="key">The idempotency key (1 to 512 characters).</param>
    /// <param name="lease">How long the caller may work before another caller may take over: longer than the work takes. At least 1 ms.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Started with a lease, InProgress, or Completed with the stored result.</returns>
    ValueTask<IdempotencyBeginResult> TryBeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the work of <paramref name="lease"/> done with <paramref name="result"/>, kept for <paramref name="ttl"/>.
    /// Repeating it for the same lease is harmless (it succeeds again).
    /// </summary>
    /// <param name="lease">The lease from <see cref="TryBeginAsync"/>.</param>
    /// <param name="result">What later callers receive.</param>
    /// <param name="ttl">How long the completed mark is kept (then the key may run again). At least 1 ms.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when stored; false when the lease was lost (it expired and someone else took over or it was abandoned).</returns>
    ValueTask<bool> CompleteAsync(IdempotencyLease lease, ReadOnlyMemory<byte> result, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up (the work failed and may be tried again at once). Does nothing to a completed key or someone else's lease.</summary>
    /// <param name="lease">The lease from <see cref="TryBeginAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the lease was released; false when it was not held by this owner any more.</returns>
    ValueTask<bool> AbandonAsync(IdempotencyLease lease, CancellationToken cancellationToken = default);
}
