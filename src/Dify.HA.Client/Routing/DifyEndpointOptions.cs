namespace Dify.HA.Client.Routing;

/// <summary>One way into a region: an API instance, or a balancer in front of several. Bound from <c>…:Regions:&lt;i&gt;:Endpoints:&lt;j&gt;</c>.</summary>
public sealed class DifyEndpointOptions
{
    /// <summary>The minimum of <see cref="Weight"/>: 1.</summary>
    public const int MinWeight = 1;

    /// <summary>The maximum of <see cref="Weight"/>: 100.</summary>
    public const int MaxWeight = 100;

    /// <summary>
    /// The app Service API base URL of this endpoint, including <c>/v1</c> (e.g. <c>https://eu-1.dify.example/v1</c>).
    /// Required; absolute http(s), no query, fragment or user info; unique across the whole topology. No default.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The endpoint's relative share of its region's traffic and capacity (an endpoint of weight 2 counts twice in the
    /// region's healthy capacity and is picked about twice as often). Default 1; range 1 to 100.
    /// </summary>
    public int Weight { get; set; } = MinWeight;

    /// <summary>
    /// What the active health probe GETs, e.g. <c>http://10.0.0.5:5001/health</c> (Dify's API process, not through nginx).
    /// Default null: <see cref="DifyHealthProbeOptions.Path"/> relative to <see cref="BaseUrl"/> (<c>GET /v1/</c>, which
    /// Dify answers without a key). Absolute http(s) when set.
    /// </summary>
    public Uri? HealthUrl { get; set; }
}
