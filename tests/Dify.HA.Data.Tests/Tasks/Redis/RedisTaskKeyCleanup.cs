using Dify.HA.Data.Redis;

namespace Dify.HA.Data.Tests.Tasks.Redis;

/// <summary>Deletes a test's keys (all under its own prefix) from every connected master, so runs leave the shared lab clean.</summary>
internal static class RedisTaskKeyCleanup
{
    public static async Task DeleteAsync(IRedisConnectionProvider provider, string prefix)
    {
        var connection = await provider.GetConnectionAsync();
        foreach (var server in connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            var db = connection.GetDatabase();
            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
            {
                await db.KeyDeleteAsync(key);
            }
        }
    }
}
