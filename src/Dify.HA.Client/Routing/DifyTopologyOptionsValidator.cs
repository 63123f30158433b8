using System.Globalization;

namespace Dify.HA.Client.Routing;

/// <summary>
/// Checks a <see cref="DifyTopologyOptions"/> at start-up. Every message names the configuration key (e.g.
/// <c>Dify:Clients:Default:Topology:Regions:0:Endpoints:1:BaseUrl</c>) and the fix. The pipeline's options validator
/// calls <see cref="Collect"/>; <see cref="DifyTopology.Create(string, DifyClientOptions, DifyTopologyOptions, TimeProvider, Random?, Microsoft.Extensions.Logging.ILogger?)"/> calls it too.
/// </summary>
internal static class DifyTopologyOptionsValidator
{
    internal const int MaxRegions = 32;
    internal const int MaxEndpointsPerRegion = 64;
    internal const int MaxPriority = 100;
    internal const int MaxRegionNameLength = 64;

    /// <summary>Returns every problem of <paramref name="topology"/>; empty when valid.</summary>
    /// <param name="topology">The options to check.</param>
    /// <param name="client">The client's options (its <see cref="DifyClientOptions.BaseUrl"/> is the default endpoint).</param>
    /// <param name="key">The topology's configuration key, e.g. <c>Dify:Clients:Default:Topology</c>.</param>
    public static List<string> Collect(DifyTopologyOptions topology, DifyClientOptions client, string key)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(client);
        var failures = new List<string>();
        var clientKey = key.EndsWith(":Topology", StringComparison.Ordinal) ? key[..^":Topology".Length] : key;

        if (topology.Regions.Count == 0)
        {
            if (client.BaseUrl is null || !IsHttpUrl(client.BaseUrl))
                failures.Add($"{key}:Regions is empty and {clientKey}:BaseUrl is not an absolute http(s) URL: set BaseUrl (one endpoint) or list the regions with their endpoints.");
        }
        else
        {
            CollectRegions(topology, key, client.ApiKey, failures);
        }

        CollectBreaker(topology.CircuitBreaker, $"{key}:CircuitBreaker", failures);
        CollectEjection(topology.OutlierEjection, $"{key}:OutlierEjection", failures);
        CollectProbe(topology.HealthProbe, $"{key}:HealthProbe", failures);
        CollectSelection(topology.Selection, $"{key}:Selection", failures);
        return failures;
    }

    private static void CollectRegions(DifyTopologyOptions topology, string key, string? clientApiKey, List<string> failures)
    {
        if (topology.Regions.Count > MaxRegions)
            failures.Add($"{key}:Regions lists {topology.Regions.Count} regions; at most {MaxRegions} are supported.");

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var urls = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < topology.Regions.Count; i++)
        {
            var region = topology.Regions[i];
            var rk = $"{key}:Regions:{I(i)}";
            if (region is null)
            {
                failures.Add($"{rk} is empty: give the region a Name and Endpoints.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(region.Name))
            {
                failures.Add($"{rk}:Name is required: name the region (e.g. eu-west), it appears in telemetry and health reports.");
            }
            else if (region.Name.Length > MaxRegionNameLength || !region.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                failures.Add($"{rk}:Name '{region.Name}' must be at most {MaxRegionNameLength} letters, digits, '-', '_' or '.'.");
            }
            else if (names.TryGetValue(region.Name, out var first))
            {
                failures.Add($"{rk}:Name '{region.Name}' is already used by {key}:Regions:{I(first)}: give each region its own name.");
            }
            else
            {
                names[region.Name] = i;
            }

            if (region.Priority < 0 || region.Priority > MaxPriority)
                failures.Add($"{rk}:Priority must be between 0 (primary) and {MaxPriority} (got {I(region.Priority)}).");

            if (region.ApiKey is { } apiKey && (string.IsNullOrWhiteSpace(apiKey) || apiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
                failures.Add($"{rk}:ApiKey is blank or contains whitespace or control characters: paste the region's app key (app-…) alone, or remove it to use the client's key.");
            // A region's key speaks the same API as the client's: app keys for an app client, dataset keys for a Knowledge client.
            else if (region.ApiKey is { } regionKey && IsDatasetKey(regionKey) != IsDatasetKey(clientApiKey))
                failures.Add(IsDatasetKey(regionKey)
                    ? $"{rk}:ApiKey is a Knowledge API key (dataset-…) but the client's key is an app key: use the app's key (app-…) from this region's 'API Access' page."
                    : $"{rk}:ApiKey is an app key but the client's key is a Knowledge API key (dataset-…): use this region's Knowledge API key (Knowledge > Service API).");

            if (region.Endpoints.Count == 0)
            {
                failures.Add($"{rk}:Endpoints is empty: add at least one endpoint, e.g. {rk}:Endpoints:0:BaseUrl=https://dify.example/v1.");
                continue;
            }

            if (region.Endpoints.Count > MaxEndpointsPerRegion)
                failures.Add($"{rk}:Endpoints lists {region.Endpoints.Count} endpoints; at most {MaxEndpointsPerRegion} are supported per region.");

            for (var j = 0; j < region.Endpoints.Count; j++)
            {
                var endpoint = region.Endpoints[j];
                var ek = $"{rk}:Endpoints:{I(j)}";
                if (endpoint is null)
                {
                    failures.Add($"{ek} is empty: give the endpoint a BaseUrl.");
                    continue;
                }

                CollectEndpoint(endpoint, ek, urls, failures);
            }
        }
    }

    private static void CollectEndpoint(DifyEndpointOptions endpoint, string ek, Dictionary<string, string> urls, List<string> failures)
    {
        var url = endpoint.BaseUrl;
        if (url is null)
        {
            failures.Add($"{ek}:BaseUrl is required: set it to the endpoint's app Service API URL including /v1, e.g. https://dify.example/v1.");
        }
        else if (!IsHttpUrl(url))
        {
            failures.Add($"{ek}:BaseUrl must be an absolute http(s) URL, e.g. https://dify.example/v1 (got '{url.OriginalString}').");
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            failures.Add($"{ek}:BaseUrl must not carry a query, fragment or user info: give only scheme, host, port and path.");
        }
        else
        {
            var normalized = url.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (urls.TryGetValue(normalized, out var firstKey))
                failures.Add($"{ek}:BaseUrl {normalized} duplicates {firstKey}: list each endpoint once (give it a higher Weight instead).");
            else
                urls[normalized] = $"{ek}:BaseUrl";
        }

        if (endpoint.Weight < DifyEndpointOptions.MinWeight || endpoint.Weight > DifyEndpointOptions.MaxWeight)
            failures.Add($"{ek}:Weight must be between {DifyEndpointOptions.MinWeight} and {DifyEndpointOptions.MaxWeight} (got {I(endpoint.Weight)}); the default is 1.");

        if (endpoint.HealthUrl is { } health && (!IsHttpUrl(health) || !string.IsNullOrEmpty(health.UserInfo)))
            failures.Add($"{ek}:HealthUrl must be an absolute http(s) URL without user info, e.g. http://10.0.0.5:5001/health (got '{health.OriginalString}'); remove it to probe GET <BaseUrl>/.");
    }

    private static void CollectBreaker(DifyCircuitBreakerOptions? o, string k, List<string> failures)
    {
        if (o is null)
        {
            failures.Add($"{k} is null: remove the override to use the defaults.");
            return;
        }

        Range(o.ConsecutiveFailures, 1, 1000, $"{k}:ConsecutiveFailures", "5", failures);
        if (!(o.FailureRatio >= 0.01 && o.FailureRatio <= 1))
            failures.Add($"{k}:FailureRatio must be between 0.01 and 1 (got {o.FailureRatio.ToString(CultureInfo.InvariantCulture)}); the default is 0.5.");
        Range(o.MinimumThroughput, 2, 10000, $"{k}:MinimumThroughput", "4", failures);
        Range(o.SamplingDuration, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), $"{k}:SamplingDuration", "00:00:30", failures);
        Range(o.BreakDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), $"{k}:BreakDuration", "00:00:10", failures);
        Range(o.HalfOpenTrials, 1, 100, $"{k}:HalfOpenTrials", "1", failures);
    }

    private static void CollectEjection(DifyOutlierEjectionOptions? o, string k, List<string> failures)
    {
        if (o is null)
        {
            failures.Add($"{k} is null: remove the override to use the defaults.");
            return;
        }

        Range(o.ConsecutiveFailures, 1, 1000, $"{k}:ConsecutiveFailures", "3", failures);
        Range(o.BaseEjectionTime, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), $"{k}:BaseEjectionTime", "00:00:30", failures);
        if (o.MaxEjectionTime < o.BaseEjectionTime || o.MaxEjectionTime > TimeSpan.FromHours(24))
            failures.Add($"{k}:MaxEjectionTime must be between BaseEjectionTime ({o.BaseEjectionTime}) and 1.00:00:00 (got {o.MaxEjectionTime}); the default is 00:05:00.");
        Range(o.MaxEjectionPercent, 0, 100, $"{k}:MaxEjectionPercent", "50", failures);
        if (!(o.LatencyFactor >= 1.5 && o.LatencyFactor <= 100))
            failures.Add($"{k}:LatencyFactor must be between 1.5 and 100 (got {o.LatencyFactor.ToString(CultureInfo.InvariantCulture)}); the default is 3.");
        Range(o.LatencyFloor, TimeSpan.Zero, TimeSpan.FromMinutes(1), $"{k}:LatencyFloor", "00:00:00.250", failures);
        Range(o.LatencyMinimumSamples, 1, 10000, $"{k}:LatencyMinimumSamples", "5", failures);
    }

    private static void CollectProbe(DifyHealthProbeOptions? o, string k, List<string> failures)
    {
        if (o is null)
        {
            failures.Add($"{k} is null: remove the override to use the defaults.");
            return;
        }

        Range(o.Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), $"{k}:Interval", "00:00:05", failures);
        if (o.Jitter < TimeSpan.Zero || o.Jitter > o.Interval / 2)
            failures.Add($"{k}:Jitter must be between 00:00:00 and half of Interval ({o.Interval / 2}) (got {o.Jitter}); the default is 00:00:01.");
        Range(o.Timeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1), $"{k}:Timeout", "00:00:01", failures);
        if (o.StalledProbeAfter != TimeSpan.Zero)
            Range(o.StalledProbeAfter, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), $"{k}:StalledProbeAfter", "00:00:01.500 (00:00:00 turns it off)", failures);
        if (o.Timeout > o.Interval)
            failures.Add($"{k}:Timeout ({o.Timeout}) must not exceed Interval ({o.Interval}): probes would overlap; shorten the timeout or lengthen the interval.");
        Range(o.HealthyThreshold, 1, 100, $"{k}:HealthyThreshold", "2", failures);
        Range(o.UnhealthyThreshold, 1, 100, $"{k}:UnhealthyThreshold", "2", failures);
        if (o.Path is null || o.Path.Length > 256 || o.Path.StartsWith('/') || o.Path.Contains("://", StringComparison.Ordinal))
            failures.Add($"{k}:Path must be a relative path without a leading slash, at most 256 characters (got '{o.Path}'); leave it empty to probe GET <BaseUrl>/, or set an endpoint's HealthUrl.");
    }

    private static void CollectSelection(DifySelectionOptions? o, string k, List<string> failures)
    {
        if (o is null)
        {
            failures.Add($"{k} is null: remove the override to use the defaults.");
            return;
        }

        if (!(o.SpillThreshold >= 0.01 && o.SpillThreshold <= 1))
            failures.Add($"{k}:SpillThreshold must be between 0.01 and 1 (got {o.SpillThreshold.ToString(CultureInfo.InvariantCulture)}); the default is 0.7.");
        Range(o.FailbackRamp, TimeSpan.Zero, TimeSpan.FromMinutes(10), $"{k}:FailbackRamp", "00:00:30", failures);
        Range(o.LatencyDecay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), $"{k}:LatencyDecay", "00:00:10", failures);
        if (!(o.ThrottleShedFactor >= 0 && o.ThrottleShedFactor <= 10))
            failures.Add($"{k}:ThrottleShedFactor must be between 0 (off) and 10 (got {o.ThrottleShedFactor.ToString(CultureInfo.InvariantCulture)}); the default is 2.");
        if (!(o.MaxThrottleShed >= 0 && o.MaxThrottleShed <= 1))
            failures.Add($"{k}:MaxThrottleShed must be between 0 and 1 (got {o.MaxThrottleShed.ToString(CultureInfo.InvariantCulture)}); the default is 0.9.");
        Range(o.ThrottleCoolDown, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), $"{k}:ThrottleCoolDown", "00:00:10", failures);
    }

    private static void Range(int value, int min, int max, string key, string defaultText, List<string> failures)
    {
        if (value < min || value > max)
            failures.Add($"{key} must be between {I(min)} and {I(max)} (got {I(value)}); the default is {defaultText}.");
    }

    private static void Range(TimeSpan value, TimeSpan min, TimeSpan max, string key, string defaultText, List<string> failures)
    {
        if (value < min || value > max)
            failures.Add($"{key} must be between {min} and {max} (got {value}); the default is {defaultText}.");
    }

    private static bool IsHttpUrl(Uri url)
        => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsDatasetKey(string? key) => key is not null && key.StartsWith("dataset-", StringComparison.Ordinal);
}
