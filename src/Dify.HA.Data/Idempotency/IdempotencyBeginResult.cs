namespace Dify.HA.Data.Idempotency;

/// <summary>The outcome of <see cref="IIdempotencyStore.TryBeginAsync"/>.</summary>
public sealed class IdempotencyBeginResult
{
    private IdempotencyBeginResult(IdempotencyStatus status, IdempotencyLease lease, ReadOnlyMemory<byte> result, TimeSpan? leaseRemaining)
    {
        Status = status;
        Lease = lease;
        Result = result;
        LeaseRemaining = leaseRemaining;
    }

    /// <summary>Started, InProgress or Completed.</summary>
    public IdempotencyStatus Status { get; }

    /// <summary>When <see cref="IdempotencyStatus.Started"/>: the lease to pass to Complete or Abandon; default otherwise.</summary>
    public IdempotencyLease Lease { get; }

    /// <summary>When <see cref="IdempotencyStatus.Completed"/>: the stored result (may be empty); empty otherwise.</summary>
    public ReadOnlyMemory<byte> Result { get; }

    /// <summary>When <see cref="IdempotencyStatus.InProgress"/>: how long the other holder's lease still runs, when known.</summary>
    public TimeSpan? LeaseRemaining { get; }

    /// <summary>The caller holds a new lease.</summary>
    /// <param name="lease">The lease.</param>
    /// <returns>A Started result.</returns>
    public static IdempotencyBeginResult Started(IdempotencyLease lease) => new(IdempotencyStatus.Started, lease, default, null);

    /// <summary>Somebody else holds the lease.</summary>
    /// <param name="leaseRemaining">How long it still runs, when known.</param>
    /// <returns>An InProgress result.</returns>
    public static IdempotencyBeginResult InProgress(TimeSpan? leaseRemaining) => new(IdempotencyStatus.InProgress, default, default, leaseRemaining);

    /// <summary>The work is done.</summary>
    /// <param name="result">The stored result.</param>
    /// <returns>A Completed result.</returns>
    public static IdempotencyBeginResult Completed(ReadOnlyMemory<byte> result) => new(IdempotencyStatus.Completed, default, result, null);
}
