namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// Shared by the <see cref="RedisLabCollection"/>: before its first test and after its last one, restores the
/// Redis master/replica/Sentinel topology and the Redis Cluster (<see cref="LabControl.RestoreRedisAsync"/>,
/// <see cref="LabControl.RestoreClusterAsync"/>). Fails every test of the collection with a clear message when the
/// lab is not running. Tests that kill nodes should still restore what they broke in their own DisposeAsync.
/// </summary>
public sealed class RedisLabFixture : IAsyncLifetime
{
    /// <summary>The lab's env file (ports, password, Sentinel service name).</summary>
    public LabEnvironment Environment { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Environment = LabEnvironment.Load();
        await LabControl.RestoreRedisAsync();
        await LabControl.RestoreClusterAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await LabControl.RestoreRedisAsync();
        await LabControl.RestoreClusterAsync();
    }
}
