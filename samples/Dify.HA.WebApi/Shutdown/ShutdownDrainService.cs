using Dify.HA.WebApi.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.WebApi.Shutdown;

/// <summary>
/// The Kubernetes-friendly shutdown. The host calls every <see cref="IHostedLifecycleService.StoppingAsync"/> before any
/// <see cref="IHostedService.StopAsync"/>, so on SIGTERM this runs while Kestrel still accepts requests: it turns
/// readiness Unhealthy (<see cref="ShutdownGate"/>) and waits <see cref="WebApiOptions.DrainDelay"/>, the time the
/// endpoints controller and the load balancers need to stop sending new requests. Then Kestrel stops listening and
/// waits for the requests in flight (the chat streams) until <c>HostOptions.ShutdownTimeout</c>, counted from the
/// start of shutdown, runs out; it aborts what is left then. Shortly before that, <see cref="ShutdownGate.StreamsDeadline"/>
/// ends the chat streams still running with an <c>error</c> event (<c>shutting_down</c>), and their generations are stopped.
/// </summary>
internal sealed partial class ShutdownDrainService(
    ShutdownGate gate,
    IOptions<WebApiOptions> options,
    TimeProvider time,
    ILogger<ShutdownDrainService> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!gate.BeginDrain(settings.ShutdownTimeout, settings.DrainDelay, time)) return;
        var delay = settings.DrainDelay;
        LogDraining(logger, delay);
        if (delay <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown budget ran out (or a second signal): stop waiting, let the host go on stopping.
        }
        LogDrained(logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Shutdown: readiness is now Unhealthy; still serving for the drain delay of {DrainDelay}.")]
    private static partial void LogDraining(ILogger logger, TimeSpan drainDelay);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Shutdown: drain delay over; no new connections, in-flight streams may finish within the shutdown timeout.")]
    private static partial void LogDrained(ILogger logger);
}
