namespace Dify.HA.Data.Idempotency;

/// <summary>What <see cref="IIdempotencyStore.TryBeginAsync"/> found for a key.</summary>
public enum IdempotencyStatus
{
    /// <summary>Nobody held the key (or a previous lease expired): the caller now holds a lease and does the work.</summary>
    Started = 0,

    /// <summary>Another caller holds a live lease: the work is in progress elsewhere.</summary>
    InProgress = 1,

    /// <summary>The work was done: <see cref="IdempotencyBeginResult.Result"/> holds what it stored.</summary>
    Completed = 2,
}
