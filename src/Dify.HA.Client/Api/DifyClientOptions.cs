namespace Dify.HA.Client;

/// <summary>
/// Settings of one Dify client (one Dify app). Bound from <c>Dify:Clients:&lt;name&gt;</c> and validated at start-up;
/// an invalid value stops the host with a message naming the key and the fix.
/// </summary>
public sealed class DifyClientOptions
{
    /// <summary>The name used by the unnamed <c>AddDifyClient(configure)</c> overloads and by <see cref="IDifyClient"/>: <c>Default</c>.</summary>
    public const string DefaultName = "Default";

    /// <summary>The configuration section holding one subsection per client name: <c>Dify:Clients</c>.</summary>
    public const string ConfigurationSection = "Dify:Clients";

    /// <summary>The default of <see cref="Timeout"/>: 100 seconds (what Cloudflare in front of Dify Cloud allows a blocking call).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The default of <see cref="StreamIdleTimeout"/>: 30 seconds (three of Dify's 10-second pings).</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="MaxUploadBytes"/>: 15 MB (Dify's default <c>UPLOAD_FILE_SIZE_LIMIT</c>).</summary>
    public const long DefaultMaxUploadBytes = 15L * 1024 * 1024;

    /// <summary>
    /// The app Service API base URL, including <c>/v1</c>, e.g. <c>https://api.dify.ai/v1</c> or <c>http://dify.internal/v1</c>.
    /// Required; must be an absolute http or https URL without query or fragment. No default.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The app's API key (<c>app-…</c>, from the app's "API Access" page), sent as <c>Authorization: Bearer</c>.
    /// Required; no default. It never appears in <see cref="ToString"/>, logs, exception messages or telemetry.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Upper bound on a blocking (non-streaming) call, from sending the request to the last byte of the answer.
    /// Default 100 s (<see cref="DefaultTimeout"/>); range 1 s to 1 h. Streaming calls are bounded by
    /// <see cref="StreamIdleTimeout"/> instead (this timeout only covers their wait for response headers).
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// How long a stream may stay silent (no event and no <c>ping</c>) before the call fails with a timeout.
    /// Default 30 s (<see cref="DefaultStreamIdleTimeout"/>); range 1 s to 1 h. Keep it above Dify's 10-second ping
    /// interval, or a healthy but slow generation will be cut.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = DefaultStreamIdleTimeout;

    /// <summary>
    /// The largest file <c>Files.UploadAsync</c> and <c>Audio.AudioToTextAsync</c> will send; larger (seekable) streams are
    /// rejected before sending, and a non-seekable stream that turns out larger is cut off with an error.
    /// Default 15 MB (<see cref="DefaultMaxUploadBytes"/>); range 1 byte to 2 GB. Match your Dify's <c>UPLOAD_FILE_SIZE_LIMIT</c>.
    /// </summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// The end-user identifier used when a call passes no <c>user</c>. Default null: every call that needs a user must
    /// pass one. When set: non-blank, at most 255 characters. Useful for back-office apps with one technical user.
    /// </summary>
    public string? DefaultUser { get; set; }

    /// <summary>
    /// The regions and endpoints of this app's Dify deployments, with breaker, ejection, probe and selection settings
    /// (bound from <c>Dify:Clients:&lt;name&gt;:Topology</c>). Default: no regions, meaning one region of one endpoint,
    /// <see cref="BaseUrl"/>.
    /// </summary>
    public Routing.DifyTopologyOptions Topology { get; set; } = new();

    /// <summary>
    /// Timeouts, retries, retry budget, client-side limits, generation-retry opt-in, affinity and hedging of every call
    /// (bound from <c>Dify:Clients:&lt;name&gt;:Resilience</c>); every property documents its default.
    /// </summary>
    public DifyResilienceOptions Resilience { get; set; } = new();

    /// <summary>Describes the options with the API key redacted.</summary>
    public override string ToString()
        => $"BaseUrl={BaseUrl}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")}, Timeout={Timeout}, " +
           $"StreamIdleTimeout={StreamIdleTimeout}, MaxUploadBytes={MaxUploadBytes}, DefaultUser={DefaultUser ?? "(none)"}";
}
