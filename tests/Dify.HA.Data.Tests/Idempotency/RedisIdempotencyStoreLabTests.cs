using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Idempotency.Internals;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Redis;

namespace Dify.HA.Data.Tests.Idempotency;

/// <summary>The idempotency contract on the Redis backend, through the Sentinel-aware provider.</summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Redis")]
#pragma warning disable CA1001 // Disposed in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class RedisIdempotencyStoreLabTests : IdempotencyStoreContractTests
{
    private RedisConnectionProvider? _provider;

    public override async Task InitializeAsync()
    {
        _provider = new RedisConnectionProvider(RedisLab.Load().SentinelOptions());
        await _provider.GetConnectionAsync();
        Store = new RedisIdempotencyStore(_provider, new RedisIdempotencyStoreOptions { KeyPrefix = "h5:idem:" });
    }

    public override async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }
}
#pragma warning restore CA1001
