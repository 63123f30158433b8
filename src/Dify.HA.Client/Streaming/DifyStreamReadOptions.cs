namespace Dify.HA.Client;

/// <summary>How <see cref="DifySseReader"/> reads one stream. Built per call by the API layer or the HA pipeline.</summary>
internal sealed class DifyStreamReadOptions
{
    /// <summary>The default for <see cref="MaxEventBytes"/>: 16 MiB.</summary>
    public const int DefaultMaxEventBytes = 16 * 1024 * 1024;

    /// <summary>Options with every default (no idle timeout, system clock, generation).</summary>
    public static DifyStreamReadOptions Default { get; } = new();

    /// <summary>
    /// Longest silence (no byte at all: pings count as activity) tolerated while waiting for data; then the reader throws
    /// <see cref="DifyStreamIdleTimeoutException"/>. Default null (no limit). Range: greater than zero. Dify pings
    /// about every 10 s, so pick more than that (e.g. 30 s). Time spent by the consumer between events is not counted.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>The clock for <see cref="IdleTimeout"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The endpoint the stream comes from, put on exceptions. Default null.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The request id of the HTTP response, put on a mid-stream <see cref="DifyApiException"/>. Default null.</summary>
    public string? RequestId { get; set; }

    /// <summary>What the streaming call does, for the classification of a mid-stream error. Default <see cref="DifyOperationKind.Generation"/>.</summary>
    public DifyOperationKind Kind { get; set; } = DifyOperationKind.Generation;

    /// <summary>Called for each <c>event: ping</c> frame (they are not yielded). Default null.</summary>
    public Action? OnPing { get; set; }

    /// <summary>
    /// Largest event (one frame) accepted, in bytes; a larger one raises <see cref="DifyStreamFormatException"/> instead of
    /// growing the buffer without bound. Default 16 MiB. Range: 1 KiB to 1 GiB.
    /// </summary>
    public int MaxEventBytes { get; set; } = DefaultMaxEventBytes;

    /// <summary>Throws when a value is out of range (the API layer calls this once per options instance).</summary>
    public void Validate()
    {
        if (IdleTimeout is { } idle && idle <= TimeSpan.Zero && idle != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), idle, "IdleTimeout must be greater than zero (or null for no limit).");
        if (MaxEventBytes is < 1024 or > 1024 * 1024 * 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxEventBytes), MaxEventBytes, "MaxEventBytes must be between 1 KiB and 1 GiB.");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
