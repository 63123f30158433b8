using System.Security.Cryptography;

namespace Dify.HA.Data.Idempotency.Internals;

/// <summary>Argument checks and owner tokens shared by the backends.</summary>
internal static class IdempotencyKeys
{
    public const int MaxKeyLength = 512;

    public static void Check(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Length, $"An idempotency key has at most {MaxKeyLength} characters.");
        }
    }

    public static void CheckPositive(TimeSpan value, string name)
    {
        if (value < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1 ms.");
        }
    }

    public static void Check(IdempotencyLease lease)
    {
        Check(lease.Key);
        ArgumentException.ThrowIfNullOrEmpty(lease.OwnerToken, nameof(lease));
    }

    /// <summary>128 random bits: unguessable, so that no other holder can present it by accident.</summary>
    public static string NewOwnerToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
