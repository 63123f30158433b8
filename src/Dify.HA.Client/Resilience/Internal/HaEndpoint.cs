using System.Collections.Concurrent;

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

    // Absolute URIs of the fixed paths sent to this endpoint (chat-messages, workflows/run, parameters…), so that a call
    // does not build and parse a new Uri each time. Bounded: only paths without a query and without digits (ids carry digits)
    // are kept, at most MaxCachedUris.
    private const int MaxCachedUris = 64;
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    /// <summary>The absolute URI of <paramref name="pathAndQuery"/> (relative, no leading '/') on this endpoint.</summary>
    public Uri Resolve(string pathAndQuery)
    {
        if (_uris.TryGetValue(pathAndQuery, out var cached)) return cached;
        var uri = new Uri(BaseUrl, pathAndQuery);
        if (_uris.Count < MaxCachedUris && pathAndQuery.AsSpan().IndexOfAny(NotCached) < 0) _uris.TryAdd(pathAndQuery, uri);
        return uri;
    }

    private static readonly System.Buffers.SearchValues<char> NotCached = System.Buffers.SearchValues.Create("?0123456789%");

    // The last Authorization header value built for this endpoint: a client sends one key per endpoint, so the value is
    // built once, not per call (header values are only read once set on a request).
    private System.Net.Http.Headers.AuthenticationHeaderValue? _authorization;

    /// <summary>The <c>Bearer</c> Authorization header value of <paramref name="apiKey"/>.</summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue Authorization(string apiKey)
    {
        var cached = Volatile.Read(ref _authorization);
        if (cached is not null && string.Equals(cached.Parameter, apiKey, StringComparison.Ordinal)) return cached;
        cached = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        Volatile.Write(ref _authorization, cached);
        return cached;
    }

    public override string ToString() => $"{Id} ({Region})";
}
