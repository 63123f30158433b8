namespace Dify.HA.WebApi.Hosting;

/// <summary>
/// The web sample's own settings, bound from <c>WebApi</c> (<see cref="SectionName"/>) and validated at start-up by
/// <see cref="WebApiOptionsValidator"/>.
/// </summary>
public sealed class WebApiOptions
{
    /// <summary>The configuration section: <c>WebApi</c>.</summary>
    public const string SectionName = "WebApi";

    /// <summary>The Dify <c>user</c> sent with every chat. Default <c>webapi-sample</c>; non-blank, at most 255 characters.
    /// A real application maps its authenticated user here instead (Dify keys conversations by user).</summary>
    public string ChatUser { get; set; } = "webapi-sample";

    /// <summary>Longest <c>message</c> accepted by <c>POST /api/chat</c>, in characters. Default 4000; 1 to 100 000.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>When the browser goes away mid-answer, also ask Dify to stop generating (<c>POST
    /// /chat-messages/{task_id}/stop</c>): closing the connection alone leaves Dify's worker generating (and billing).
    /// Default true.</summary>
    public bool StopGenerationOnDisconnect { get; set; } = true;

    /// <summary>Bound on that stop call. Default 5 s; 100 ms to 1 min.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On SIGTERM, how long readiness reports Unhealthy while the server still serves (so that the load balancer
    /// stops sending new requests) before it stops accepting connections. Default 5 s; 0 to 5 min; less than
    /// <see cref="ShutdownTimeout"/>.</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole shutdown budget from SIGTERM (sets <c>HostOptions.ShutdownTimeout</c>): the drain delay, then
    /// in-flight streams may finish; whatever is still open when it runs out is aborted. Default 30 s (.NET's default and
    /// Kubernetes' default <c>terminationGracePeriodSeconds</c>; keep the pod's grace period a few seconds above it);
    /// 1 s to 1 h.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
