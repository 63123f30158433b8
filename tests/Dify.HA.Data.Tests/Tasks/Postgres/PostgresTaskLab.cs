using Dify.HA.Data.Postgres;
using Dify.HA.Data.Tasks.Postgres;
using Dify.HA.Data.Tests.Postgres;

namespace Dify.HA.Data.Tests.Tasks.Postgres;

/// <summary>Routers and stores over the lab for the PostgreSQL task backend's tests. Every test class uses its own table.</summary>
internal static class PostgresTaskLab
{
    /// <summary>A router over the lab that waits only for the primary (the task store never reads a standby).</summary>
    public static async Task<PostgresRoutingDataSource> RouterAsync()
    {
        var router = LabRouters.Create();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (router.PrimaryEndpoint is null)
        {
            await router.RefreshAsync();
            Assert.True(DateTime.UtcNow < deadline, "the router did not find the lab's primary: " + string.Join(", ", router.Hosts));
            await Task.Delay(50);
        }

        return router;
    }

    public static PostgresTaskStoreOptions Options(string table, string schema = "public") => new() { Schema = schema, TableName = table };
}
