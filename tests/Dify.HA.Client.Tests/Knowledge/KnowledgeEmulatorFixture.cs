using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>One emulator per test class serving the Knowledge API (key <c>dataset-test</c>), a knowledge client "kb" over
/// the real HA pipeline, and a hook that runs after each response (to heal a fault at the right moment).</summary>
public sealed class KnowledgeEmulatorFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public DifyEmulator Emulator { get; private set; } = null!;

    public IDifyKnowledgeClient Client { get; private set; } = null!;

    /// <summary>Called with each request before it is sent.</summary>
    public Action<HttpRequestMessage>? BeforeRequest { get; set; }

    /// <summary>Called with each request and its outcome (null response: the call failed) as the client sees them.</summary>
    public Action<HttpRequestMessage, HttpResponseMessage?>? AfterResponse { get; set; }

    public async Task InitializeAsync()
    {
        Emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.FromMilliseconds(20) });
        var services = new ServiceCollection();
        services.AddDifyClient("kb", o =>
        {
            o.BaseUrl = Emulator.BaseUrl;
            o.ApiKey = "dataset-test";
            o.Resilience.BackoffBase = TimeSpan.FromMilliseconds(1);
            o.Resilience.BackoffMax = TimeSpan.FromMilliseconds(5);
        }).ConfigureHttpClient(b => b.AddHttpMessageHandler(() => new HookHandler(this)));
        _services = services.BuildServiceProvider();
        Client = _services.GetRequiredKeyedService<IDifyKnowledgeClient>("kb");
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
    }

    private sealed class HookHandler(KnowledgeEmulatorFixture fixture) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            fixture.BeforeRequest?.Invoke(request);
            try
            {
                response = await base.SendAsync(request, cancellationToken);
                // Read the body here so a reset mid-body surfaces in this handler.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
            }
            catch
            {
                fixture.AfterResponse?.Invoke(request, null);
                throw;
            }
            fixture.AfterResponse?.Invoke(request, response);
            return response;
        }
    }
}
