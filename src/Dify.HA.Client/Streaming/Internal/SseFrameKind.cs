namespace Dify.HA.Client.Streaming.Internal;

/// <summary>What <see cref="SseFrameReader.TryReadFrame"/> found.</summary>
internal enum SseFrameKind
{
    /// <summary>No complete frame in the buffer: read more.</summary>
    NeedMoreData,

    /// <summary>A frame with a <c>data:</c> payload.</summary>
    Data,

    /// <summary>An <c>event: ping</c> frame without data.</summary>
    Ping,
}
