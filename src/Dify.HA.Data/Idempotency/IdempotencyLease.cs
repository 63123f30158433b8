namespace Dify.HA.Data.Idempotency;

/// <summary>
/// The right to do the work of one key until the lease expires. Only the holder of this owner token can complete or
/// abandon it: a holder whose lease expired and was taken over cannot overwrite the new holder's result.
/// </summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="OwnerToken">A random token identifying this holder.</param>
public readonly record struct IdempotencyLease(string Key, string OwnerToken);
