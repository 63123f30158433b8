using Dify.HA.Data.Redis.Internals;
using Microsoft.Extensions.Hosting;

namespace Dify.HA.Data.DependencyInjection;

/// <summary>
/// Connects the Redis provider when the host starts, so that wrong endpoints, passwords or an unknown Sentinel service
/// name stop the application at start-up with a message naming the configuration key, not at its first command.
/// </summary>
internal sealed class RedisConnectionStartupService : IHostedService
{
    private readonly RedisConnectionProvider _provider;

    public RedisConnectionStartupService(RedisConnectionProvider provider) => _provider = provider;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await _provider.EnsureConnectedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
