using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Testing.Hosting;

/// <summary>
/// The Kestrel listener of one instance. It can be stopped (connections refused) and started again on the same port
/// while the instance and its region store live on.
/// </summary>
internal sealed class EmulatorHost(EmulatorPipeline pipeline) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _app;

    public int Port { get; private set; }

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not null)
                return;

            // The empty builder: no configuration files, no logging providers, no MVC; Kestrel only.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // Dify answers oversize uploads with its own 413 envelope: let the handlers see them.
                kestrel.Limits.MaxRequestBodySize = 1024L * 1024 * 1024;
                kestrel.Listen(IPAddress.Loopback, port);
            });
            var app = builder.Build();
            app.Run(pipeline.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Port = new Uri(address).Port;
            _app = app;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the listener and aborts open connections at once (a crashed or firewalled instance).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not { } app)
                return;
            _app = null;
            using var now = new CancellationTokenSource();
            await now.CancelAsync().ConfigureAwait(false);
            try
            {
                await app.StopAsync(now.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // An already-cancelled token means "do not drain": that is the point.
            }

            await app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _gate.Dispose();
    }
}
