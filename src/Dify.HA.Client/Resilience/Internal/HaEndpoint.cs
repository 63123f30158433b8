namespace Dify.HA.Client.Resilience.Internal;

/// <summary>One endpoint as the pipeline sees it: where to send, which region it belongs to, and the routing layer's own
/// state object behind it (<see cref="Native"/>), so the pipeline stays independent of how health is kept.</summary>
internal sealed class HaEndpoint
{
    public HaEndpoint(string id, Uri baseUrl, string region, string? apiKeyOverride, object? native = null)
    {
        Id = id;
        // Uri's relative resolution drops the last segment unless the base ends with '/': ".../v1" + "info" would be "/info".
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        Region = region;
        ApiKeyOverride = apiKeyOverride;
        Native = native;
    }

    public string Id { get; }

    /// <summary>The base URL, always ending with '/'.</summary>
    public Uri BaseUrl { get; }

    public string Region { get; }

    /// <summary>The region's own API key, when its Dify deployment has its own app keys; null = the client's key.</summary>
    public string? ApiKeyOverride { get; }

    public object? Native { get; }

    public override string ToString() => $"{Id} ({Region})";
}
