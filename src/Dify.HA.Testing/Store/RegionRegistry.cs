namespace Dify.HA.Testing.Store;

/// <summary>
/// Process-wide map from region name to its store, reference-counted by the instances using it, so emulators started
/// separately with the same <see cref="DifyEmulatorOptions.Region"/> share one store and the store goes with the last one.
/// </summary>
internal static class RegionRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (RegionStore Store, int References)> Regions = new(StringComparer.Ordinal);

    public static RegionStore Acquire(string region)
    {
        lock (Gate)
        {
            if (Regions.TryGetValue(region, out var entry))
            {
                Regions[region] = (entry.Store, entry.References + 1);
                return entry.Store;
            }

            var store = new RegionStore(region);
            Regions[region] = (store, 1);
            return store;
        }
    }

    public static void Release(RegionStore store)
    {
        lock (Gate)
        {
            if (Regions.TryGetValue(store.Name, out var entry) && ReferenceEquals(entry.Store, store))
            {
                if (entry.References <= 1)
                    Regions.Remove(store.Name);
                else
                    Regions[store.Name] = (entry.Store, entry.References - 1);
            }
        }
    }
}
