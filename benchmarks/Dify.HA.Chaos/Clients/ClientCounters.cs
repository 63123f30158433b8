namespace Dify.HA.Chaos.Clients;

/// <summary>Per-client totals that outlive single calls.</summary>
internal sealed class ClientCounters
{
    private long _attempts;

    /// <summary>Every HTTP request the client sent, whether or not it belonged to a measured call.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    public void OnAttempt() => Interlocked.Increment(ref _attempts);
}
