namespace Dify.HA.Data.Postgres.Internals;

/// <summary>Asks one host its role and WAL position (a seam: unit tests script the answers).</summary>
internal interface IHostProber
{
    /// <summary>Probes the host at <paramref name="hostIndex"/>; throws when it cannot be reached or queried.</summary>
    ValueTask<HostProbeResult> ProbeAsync(int hostIndex, CancellationToken cancellationToken);

    /// <summary>Drops the probe's pooled connection(s) to a host after a failure.</summary>
    void Reset(int hostIndex);
}
