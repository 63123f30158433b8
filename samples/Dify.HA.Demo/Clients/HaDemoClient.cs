using Dify.HA.Client;
using Dify.HA.Demo.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Demo.Clients;

/// <summary>
/// The HA client as an application sets it up: <c>AddDifyClient(name)</c> bound from <c>Dify:Clients:&lt;name&gt;</c> of the
/// configuration (the demo's defaults, the topology, and any DIFY_DEMO_ override). Two named clients, because a chat app
/// and a workflow app have different keys.
/// </summary>
internal sealed class HaDemoClient : IDemoClient
{
    private readonly ServiceProvider _services;
    private readonly IDifyClient _chat;
    private readonly IDifyClient? _workflow;

    public HaDemoClient(IConfiguration configuration, bool withWorkflow)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddDifyClient(DemoDefaults.ChatClient);
        if (withWorkflow)
            services.AddDifyClient(DemoDefaults.WorkflowClient);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var factory = _services.GetRequiredService<IDifyClientFactory>();
        _chat = factory.CreateClient(DemoDefaults.ChatClient);
        _workflow = withWorkflow ? factory.CreateClient(DemoDefaults.WorkflowClient) : null;
    }

    public string Name => "dify-ha";

    public async Task<bool> CallAsync(CallKind kind, string query, string user, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case CallKind.BlockingChat:
                var reply = await _chat.Chat.SendAsync(new ChatMessageRequest { Query = query, User = user }, cancellationToken).ConfigureAwait(false);
                return reply.Answer is not null;
            case CallKind.StreamingChat:
                await foreach (var e in _chat.Chat.StreamAsync(new ChatMessageRequest { Query = query, User = user }, cancellationToken).ConfigureAwait(false))
                {
                    if (e is MessageEndEvent)
                        return true;
                }

                return false;
            default:
                var run = new WorkflowRunRequest { Inputs = new Dictionary<string, object?> { ["query"] = query }, User = user };
                await foreach (var e in _workflow!.Workflows.StreamAsync(run, cancellationToken).ConfigureAwait(false))
                {
                    if (e is WorkflowFinishedEvent finished)
                        return finished.Data?.Status == "succeeded";
                }

                return false;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
