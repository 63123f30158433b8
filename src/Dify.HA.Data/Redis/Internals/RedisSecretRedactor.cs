using System.Text.RegularExpressions;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>
/// Removes secrets from text that goes to logs or exception messages: <c>password=</c> / <c>sentinelPassword=</c>
/// (any case) items of a StackExchange.Redis configuration string, <c>user:password@</c> in URLs, and any literal
/// occurrence of the configured passwords.
/// </summary>
internal static partial class RedisSecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var result = PasswordItem().Replace(text, m => m.Groups[1].Value + Mask);
        result = UrlCredentials().Replace(result, "$1" + Mask + "@");
        foreach (var secret in secrets)
        {
            // Very short secrets would mask ordinary characters everywhere; config items are handled above.
            if (secret is { Length: >= 4 }) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return result;
    }

    [GeneratedRegex(@"((?:^|[,\s])(?:sentinel)?password\s*=\s*)[^,\s]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordItem();

    [GeneratedRegex(@"(rediss?://[^:/@\s]*:)[^@\s]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();
}
