namespace Dify.HA.Client;

/// <summary>
/// Hedging: when the first attempt has not answered (response headers, or the first event of a stream) after
/// <see cref="Delay"/>, a second attempt starts on another endpoint and the first answer wins. Off by default
/// (bound at <c>Dify:Clients:&lt;name&gt;:Resilience:Hedging</c>).
/// </summary>
public sealed class DifyHedgingOptions
{
    /// <summary>Hedge reads (GET calls). Default false.</summary>
    public bool Reads { get; set; }

    /// <summary>Hedge streaming generations too (blocking ones never): costs a second paid generation; the first stream
    /// to produce an event wins and the loser is stopped with the stop endpoint once its task id is known. Default false.</summary>
    public bool Generations { get; set; }

    /// <summary>How long the first attempt runs alone. Default 500 ms; range 1 ms to 1 min.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);
}
