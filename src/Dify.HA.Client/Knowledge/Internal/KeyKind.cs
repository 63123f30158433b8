using Microsoft.Extensions.Options;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>Which API a configured key speaks (Dify's prefixes: <c>app-</c> app keys, <c>dataset-</c> Knowledge API keys),
/// and the errors when a name is used for the other API. Keys with neither prefix (a proxy's own) are allowed for both.</summary>
internal static class KeyKind
{
    public static bool IsDatasetKey(string? key) => key is not null && key.StartsWith("dataset-", StringComparison.Ordinal);

    public static bool IsAppKey(string? key) => key is not null && key.StartsWith("app-", StringComparison.Ordinal);

    /// <summary>The start of <see cref="Api.DifyClientOptionsValidator"/>'s dataset-key message, which the key-kind-aware
    /// validator drops (and <see cref="AppClientWithDatasetKey"/> restores at <c>CreateClient</c>).</summary>
    public static string DatasetKeyFailurePrefix(string keyPrefix) => $"{keyPrefix}:ApiKey is a Knowledge API key";

    public static OptionsValidationException AppClientWithDatasetKey(string name, string keyPrefix) => new(
        name, typeof(DifyClientOptions),
        [$"{DatasetKeyFailurePrefix(keyPrefix)} (dataset-…): the app Service API needs the app's key (app-…), from the app's 'API Access' page. " +
         $"To call the Knowledge API with it, use IDifyClientFactory.CreateKnowledgeClient(\"{name}\") or the keyed IDifyKnowledgeClient."]);

    public static OptionsValidationException KnowledgeClientWithAppKey(string name, string keyPrefix) => new(
        name, typeof(DifyClientOptions),
        [$"{keyPrefix}:ApiKey is an app key (app-…): the Knowledge API needs a Knowledge API key (dataset-…, from Knowledge > Service API in " +
         $"Dify's console). Configure a separate client name with that key, e.g. services.AddDifyClient(\"{name}-knowledge\")."]);
}
