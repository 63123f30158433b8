using System.Collections.Concurrent;

namespace Dify.HA.Client.DependencyInjection;

/// <summary>The names registered with <c>AddDifyClient</c>, kept in the service collection as a singleton instance, so the
/// factory can tell "unknown name" from "invalid options".</summary>
internal sealed class DifyClientRegistry
{
    private readonly ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

    public void Add(string name) => _names.TryAdd(name, true);

    public bool Contains(string name) => _names.ContainsKey(name);

    public IReadOnlyCollection<string> Names => _names.Keys.Order(StringComparer.Ordinal).ToArray();
}
