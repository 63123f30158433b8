namespace Dify.HA.Client;

/// <summary>What a failure means for a retry, following the contract's retry table (see docs/streaming.md).</summary>
public enum DifyFailureClass
{
    /// <summary>Nothing was done on the server (or doing it again is harmless): retry, on another endpoint if possible.</summary>
    Transient,

    /// <summary>
    /// The server may already be working on (or have finished) the request, e.g. a 5xx or a timeout after a generation
    /// POST was sent. Retrying may duplicate a paid generation: only when the caller allows it.
    /// </summary>
    Ambiguous,

    /// <summary>Retrying cannot help (bad request, auth, not found, billing quota...).</summary>
    Permanent,
}
