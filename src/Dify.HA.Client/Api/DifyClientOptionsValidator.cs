using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Api;

/// <summary>
/// Validates the <see cref="DifyClientOptions"/> of one client name; each message names the configuration key and the fix.
/// One instance is registered per name, because the key path differs (<c>Dify:Clients:&lt;name&gt;</c> or a section's path).
/// </summary>
internal sealed class DifyClientOptionsValidator : IValidateOptions<DifyClientOptions>
{
    internal static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    internal const long MaxUploadLimit = 2L * 1024 * 1024 * 1024;
    internal const int MaxUserLength = 255;

    private readonly string _name;
    private readonly string _keyPrefix;

    public DifyClientOptionsValidator(string name, string keyPrefix)
    {
        _name = name;
        _keyPrefix = keyPrefix;
    }

    public ValidateOptionsResult Validate(string? name, DifyClientOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal)) return ValidateOptionsResult.Skip;
        ArgumentNullException.ThrowIfNull(options);
        var failures = Collect(options, _keyPrefix);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Collect(DifyClientOptions options, string keyPrefix)
    {
        var failures = new List<string>();
        var url = options.BaseUrl;
        if (url is null)
        {
            // With regions listed, the endpoints carry the URLs and BaseUrl is not used.
            if (options.Topology.Regions.Count == 0)
                failures.Add($"{keyPrefix}:BaseUrl is required: set it to the app Service API URL including /v1, e.g. https://api.dify.ai/v1 (or list the endpoints under {keyPrefix}:Topology:Regions).");
        }
        else if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{keyPrefix}:BaseUrl must be an absolute http(s) URL, e.g. https://api.dify.ai/v1 (got '{url.OriginalString}').");
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            failures.Add($"{keyPrefix}:BaseUrl must not carry a query, fragment or user info: give only scheme, host, port and path, e.g. https://api.dify.ai/v1.");
        }

        var key = options.ApiKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            failures.Add($"{keyPrefix}:ApiKey is required: set it to the app's API key (app-…, from the app's 'API Access' page), preferably from a secret store or environment variable.");
        }
        else if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{keyPrefix}:ApiKey contains whitespace or control characters: paste the key alone, without quotes, spaces or line breaks.");
        }
        else if (key.StartsWith("dataset-", StringComparison.Ordinal))
        {
            failures.Add($"{keyPrefix}:ApiKey is a Knowledge API key (dataset-…): the app Service API needs the app's key (app-…), from the app's 'API Access' page.");
        }

        if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
            failures.Add($"{keyPrefix}:Timeout must be between 00:00:01 and 01:00:00 (got {options.Timeout}); the default is 00:01:40.");

        if (options.StreamIdleTimeout < MinTimeout || options.StreamIdleTimeout > MaxTimeout)
            failures.Add($"{keyPrefix}:StreamIdleTimeout must be between 00:00:01 and 01:00:00 (got {options.StreamIdleTimeout}); keep it above Dify's 10 s ping interval, the default is 00:00:30.");

        if (options.MaxUploadBytes < 1 || options.MaxUploadBytes > MaxUploadLimit)
            failures.Add($"{keyPrefix}:MaxUploadBytes must be between 1 and {MaxUploadLimit} (got {options.MaxUploadBytes}); set it to your Dify's UPLOAD_FILE_SIZE_LIMIT in bytes, the default is {DifyClientOptions.DefaultMaxUploadBytes} (15 MB).");

        if (options.DefaultUser is { } user && (string.IsNullOrWhiteSpace(user) || user.Length > MaxUserLength))
            failures.Add($"{keyPrefix}:DefaultUser must be non-blank and at most {MaxUserLength} characters when set; remove it to require a user on every call.");

        DifyResilienceOptionsValidator.Collect(options.Resilience, keyPrefix, failures);
        return failures;
    }
}
