using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Redis;

namespace Dify.HA.Data.Tests.Tasks.Redis;

/// <summary>The backend conformance suite on the lab's Sentinel-managed Redis, on the real clock (the server's).</summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Tasks")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "xunit calls IAsyncLifetime.DisposeAsync, which disposes the provider.")]
public sealed class RedisTaskStoreConformanceTests : TaskStoreConformanceTests
{
    private readonly string _prefix = $"t2:conf:{Guid.NewGuid():N}:";
    private RedisConnectionProvider? _provider;

    protected override async Task<ITaskStore> CreateStoreAsync()
    {
        var provider = new RedisConnectionProvider(RedisLab.Load().SentinelOptions());
        _provider = provider;
        await provider.GetConnectionAsync();
        return new RedisTaskStore(provider, new RedisTaskStoreOptions { KeyPrefix = _prefix });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null)
        {
            await RedisTaskKeyCleanup.DeleteAsync(_provider, _prefix);
            await _provider.DisposeAsync();
        }
    }
}
