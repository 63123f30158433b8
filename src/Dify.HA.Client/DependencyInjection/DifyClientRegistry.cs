using System.Collections.Concurrent;

namespace Dify.HA.Client.DependencyInjection;

/// <summary>The names registered with <c>AddDifyClient</c>, kept in the service collection as a singleton instance, so the
/// factory can tell "unknown name" from "invalid options".</summary>
internal sealed class DifyClientRegistry
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public void Add(string name, string keyPrefix) => _names.TryAdd(name, keyPrefix);

    /// <summary>The configuration path of the name's options (<c>Dify:Clients:&lt;name&gt;</c> or a section's path).</summary>
    public string KeyPrefix(string name) => _names.TryGetValue(name, out var prefix) ? prefix : $"{DifyClientOptions.ConfigurationSection}:{name}";

    public bool Contains(string name) => _names.ContainsKey(name);

    public IReadOnlyCollection<string> Names => _names.Keys.Order(StringComparer.Ordinal).ToArray();
}
