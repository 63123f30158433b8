using Dify.HA.Client;

namespace Dify.HA.WebApi.Hosting;

/// <summary>Builds the Dify client when the host starts rather than at the first chat: its options are checked before
/// the first request, and the active health probe (started with the client's transport) has judged the regions by the
/// time <c>/healthz</c> is asked.</summary>
internal sealed class DifyClientWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<IDifyClient>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
