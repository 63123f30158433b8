namespace Dify.HA.Data.Idempotency;

/// <summary>Options of <see cref="IdempotencyStoreExtensions"/>' <c>RunOnceAsync</c>.</summary>
public sealed class IdempotencyRunOptions
{
    /// <summary>The lease taken for the work: longer than the work takes, 1 ms to 1 day. Default 30 s.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the completed result is kept, 1 ms to 365 days. Default 24 h.</summary>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a caller that finds the work in progress elsewhere waits for its result (polling), zero (fail at once)
    /// to 1 day; after that it throws <see cref="IdempotencyInProgressException"/>. Default 30 s.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay between polls while the work is in progress elsewhere, 1 ms to 1 minute. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock for waiting; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal static IdempotencyRunOptions Default { get; } = new();

    internal void Validate()
    {
        Check(Lease, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(Lease));
        Check(ResultTtl, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(365), nameof(ResultTtl));
        Check(WaitTimeout, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(WaitTimeout));
        Check(PollInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1), nameof(PollInterval));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void Check(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"IdempotencyRunOptions.{name} must be from {min} to {max}.");
        }
    }
}
