namespace Dify.HA.Data.Redis;

/// <summary>Writes succeed again after a period in which the provider saw no writable master.</summary>
public sealed class RedisWritableMasterRestoredEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    /// <param name="unavailableFor">Time from the first failed write to the first successful one.</param>
    public RedisWritableMasterRestoredEventArgs(TimeSpan unavailableFor) => UnavailableFor = unavailableFor;

    /// <summary>Time from the first write that failed for want of a writable master to the first that succeeded.</summary>
    public TimeSpan UnavailableFor { get; }
}
