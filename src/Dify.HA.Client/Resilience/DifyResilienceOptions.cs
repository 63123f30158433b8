namespace Dify.HA.Client;

/// <summary>
/// How each call of a client is attempted, timed, retried, limited and hedged (bound at
/// <c>Dify:Clients:&lt;name&gt;:Resilience</c>, validated at start-up). docs/ha-client.md (part 2) describes what each
/// setting buys.
/// </summary>
public sealed class DifyResilienceOptions
{
    /// <summary>Longest wait to open a TCP (and TLS) connection to one endpoint before trying another; applied as
    /// <c>SocketsHttpHandler.ConnectTimeout</c> of the client's HttpClient. Default 3 s; range 10 ms to 1 min.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait for the response headers of a blocking read (GET …): a black-holed endpoint is left after it.
    /// Streams use <see cref="StreamResponseHeadersTimeout"/>; blocking generations and writes wait up to
    /// <see cref="DifyClientOptions.Timeout"/> instead, since Dify answers them only when the generation ends. Default 10 s;
    /// range 10 ms to 10 min.</summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the response headers of a streaming call (generation streams and workflow re-attaches).
    /// Dify's server sends the headers with the stream's first frame: at once for workflow apps (they ping first), with the
    /// first token for chat and completion apps, and at the latest with the ping it sends after about 10 s of silence; so
    /// the default stays above that ping, and a stream of a slow model is never cut before it. A black-holed endpoint is
    /// usually left much sooner: when the routing layer finds it unreachable (its calls silent and its health probe failing,
    /// <c>Topology:HealthProbe:StalledProbeAfter</c>), the streams and reads still waiting for headers there are ended at
    /// once. Default 15 s; range 10 ms to 10 min.</summary>
    public TimeSpan StreamResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait, after the headers of a stream, for its first event (the commit point), pings included:
    /// a stream that only pings is left after it. Default 60 s; range 10 ms to 10 min. Total silence is caught earlier
    /// by <see cref="DifyClientOptions.StreamIdleTimeout"/>, which also bounds the silence between later events.</summary>
    public TimeSpan FirstEventTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Overall deadline of a call: all attempts and backoffs of a blocking call (which
    /// <see cref="DifyClientOptions.Timeout"/> also bounds, whichever is shorter), and everything before the commit point
    /// of a stream. No backoff waits past it. Default 2 min; range 10 ms to 1 h.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most attempts of one call (the first included), each on an endpoint not tried before when one is left.
    /// Default 3; range 1 to 10. 1 disables retries.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Base of the exponential backoff between attempts: the wait before attempt n is a uniform random value
    /// in [0, min(<see cref="BackoffMax"/>, base × 2^(n-2))] ("full jitter"). Default 50 ms; range 0 to 10 s.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Cap of one backoff wait. Default 2 s; range 0 to 1 min, at least <see cref="BackoffBase"/>.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries allowed as a share of the requests of the last <see cref="RetryBudgetWindow"/> (so an outage
    /// adds at most this share of load). Default 0.2; range 0 to 10.</summary>
    public double RetryBudgetRatio { get; set; } = 0.2;

    /// <summary>Retries always allowed per second of the window, whatever the traffic (low-traffic apps still fail
    /// over). Default 1; range 0 to 10 000.</summary>
    public double MinRetriesPerSecond { get; set; } = 1;

    /// <summary>The window the retry budget counts over. Default 10 s; range 1 s to 10 min.</summary>
    public TimeSpan RetryBudgetWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Client-side rate limit of calls started per second for this app (a token bucket); calls over it wait
    /// within their deadline. Default null (no limit); range 0.1 to 100 000.</summary>
    public double? RateLimitPerSecond { get; set; }

    /// <summary>Most calls of this app in flight at once (streams count until they end); calls over it queue within
    /// their deadline. Default null (no limit); range 1 to 100 000.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// Retry generation POSTs (chat, completion, workflow run) after an ambiguous failure (5xx, reset or timeout after
    /// sending), accepting that Dify may run and bill the generation twice. Default false: zero duplicates. Per call:
    /// <see cref="DifyGenerationRetry.Allow"/>. Retried generations are marked in telemetry.
    /// </summary>
    public bool AllowGenerationRetry { get; set; }

    /// <summary>Conversation, task and workflow-run affinity.</summary>
    public DifyAffinityOptions Affinity { get; set; } = new();

    /// <summary>Hedging (off by default).</summary>
    public DifyHedgingOptions Hedging { get; set; } = new();
}
