namespace Dify.HA.Client;

/// <summary>
/// No endpoint could take the call: every endpoint is ejected or was already tried, or the region that owns the
/// call's conversation, task or workflow run (<see cref="PinnedRegion"/>) is down. The message names the regions and
/// their states; it never contains a key.
/// </summary>
public sealed class DifyNoHealthyEndpointException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DifyNoHealthyEndpointException()
        : this("No Dify endpoint is available.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DifyNoHealthyEndpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause (the last attempt's failure), if any.</param>
    public DifyNoHealthyEndpointException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a call.</summary>
    /// <param name="message">The message.</param>
    /// <param name="pinnedRegion">The region the call had to go to, if it was pinned.</param>
    /// <param name="regionStates">A description of each region's state.</param>
    /// <param name="innerException">The last attempt's failure, if any.</param>
    public DifyNoHealthyEndpointException(string message, string? pinnedRegion, string regionStates, Exception? innerException)
        : base(message, innerException)
    {
        PinnedRegion = pinnedRegion;
        RegionStates = regionStates;
    }

    /// <summary>The region the call was pinned to (conversation, task or run affinity), or null.</summary>
    public string? PinnedRegion { get; }

    /// <summary>Each region and its endpoints' states when the call gave up.</summary>
    public string? RegionStates { get; }
}
