namespace Dify.HA.Client.Routing;

/// <summary>
/// One Dify deployment (its own database: conversations, tasks and workflow runs live in the region that created them),
/// reached through one or more endpoints. Bound from <c>…:Topology:Regions:&lt;i&gt;</c>.
/// </summary>
public sealed class DifyRegionOptions
{
    /// <summary>
    /// The region's name, used in telemetry, health reports and affinity. Required; unique within the client
    /// (ordinal, case-insensitive); letters, digits, '-', '_' and '.', at most 64 characters. No default.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// 0 is the primary; higher numbers are backups, used when every better region lacks healthy capacity (see
    /// <see cref="DifySelectionOptions.SpillThreshold"/>). Regions with the same priority share traffic. Default 0; range 0 to 100.
    /// </summary>
    public int Priority { get; set; }

    /// <summary>
    /// The app API key in this region when it differs from <see cref="DifyClientOptions.ApiKey"/> (each Dify deployment
    /// issues its own keys). Default null: the client's key. Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The region's endpoints. Required: at least one, at most 64.</summary>
    public IList<DifyEndpointOptions> Endpoints { get; } = [];

    /// <summary>Describes the region without its key.</summary>
    public override string ToString()
        => $"Name={Name}, Priority={Priority}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(client's)" : "***")}, Endpoints={Endpoints.Count}";
}
