using Dify.HA.Data.Postgres.Internals;

namespace Dify.HA.Data.Tests.Postgres;

/// <summary>A prober whose answers the test scripts per host; counts calls.</summary>
internal sealed class ScriptedProber : IHostProber
{
    private readonly int[] _calls;

    public ScriptedProber(int hosts, Func<int, CancellationToken, ValueTask<HostProbeResult>> probe)
    {
        _calls = new int[hosts];
        Probe = probe;
    }

    public Func<int, CancellationToken, ValueTask<HostProbeResult>> Probe { get; set; }

    public int Calls(int host) => Volatile.Read(ref _calls[host]);

    public ValueTask<HostProbeResult> ProbeAsync(int hostIndex, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls[hostIndex]);
        return Probe(hostIndex, cancellationToken);
    }

    public void Reset(int hostIndex)
    {
    }
}
