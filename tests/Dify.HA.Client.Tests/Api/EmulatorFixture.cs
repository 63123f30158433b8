using Dify.HA.Client;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Api;

/// <summary>One emulator per test class, with a named client for each of its five default apps.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string LongQuery = "long-answer";
    public const int LongAnswerTokens = 2000;

    private ServiceProvider? _services;

    public DifyEmulator Emulator { get; private set; } = null!;

    public IDifyClient Chat => Client("chat");
    public IDifyClient Agent => Client("agent");
    public IDifyClient Chatflow => Client("chatflow");
    public IDifyClient Completion => Client("completion");
    public IDifyClient Workflow => Client("workflow");

    public IDifyClient Client(string name) => _services!.GetRequiredService<IDifyClientFactory>().CreateClient(name);

    public async Task InitializeAsync()
    {
        var options = new DifyEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(1) };
        // A long scripted answer (about 2 s at 1 ms a token) for the tests that stop a generation mid-way.
        foreach (var app in options.Apps) app.ScriptedAnswers[LongQuery] = string.Join(' ', Enumerable.Repeat("word", LongAnswerTokens));
        Emulator = await DifyEmulator.StartAsync(options);
        var services = new ServiceCollection();
        foreach (var app in new[] { "chat", "agent", "chatflow", "completion", "workflow" })
        {
            services.AddDifyClient(app, o =>
            {
                o.BaseUrl = Emulator.BaseUrl;
                o.ApiKey = "app-" + app;
                o.DefaultUser = "fixture-user";
            });
        }
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
    }
}
