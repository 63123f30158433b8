using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Hosting;

/// <summary>What every handler of one instance needs: its settings, apps, region store, counters and faults.</summary>
internal sealed class EmulatorContext
{
    public required DifyEmulatorOptions Options { get; init; }

    public required IReadOnlyDictionary<string, EmulatorApp> AppsByKey { get; init; }

    public required RegionStore Store { get; init; }

    /// <summary>The Knowledge API keys (dataset keys); they open the knowledge routes and no app route.</summary>
    public IReadOnlySet<string> DatasetKeys { get; init; } = new HashSet<string>();

    public required EmulatorStats Stats { get; init; }

    public required EmulatorFaults Faults { get; init; }

    /// <summary>Cancelled when the instance is disposed: background runs it started end with it.</summary>
    public required CancellationToken Lifetime { get; init; }

    public TimeProvider Time => Options.TimeProvider;

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();
}
