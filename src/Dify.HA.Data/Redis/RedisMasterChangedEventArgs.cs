using System.Net;

namespace Dify.HA.Data.Redis;

/// <summary>A master switch the provider saw: a node that was not a writable master before now is one.</summary>
public sealed class RedisMasterChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    /// <param name="previousMaster">The master before the switch, when one was known.</param>
    /// <param name="newMaster">The node that became master.</param>
    public RedisMasterChangedEventArgs(EndPoint? previousMaster, EndPoint newMaster)
    {
        PreviousMaster = previousMaster;
        NewMaster = newMaster;
    }

    /// <summary>The master before the switch, or null when none was known (e.g. it had already gone).</summary>
    public EndPoint? PreviousMaster { get; }

    /// <summary>The node that is master now.</summary>
    public EndPoint NewMaster { get; }
}
