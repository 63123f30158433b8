using System.Globalization;
using Dify.HA.Chaos.Load;
using Dify.HA.Client;
using Dify.HA.Client.Api;
using Dify.HA.Client.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Chaos.Clients;

/// <summary>
/// Our <see cref="IDifyClient"/>, configured the way an application would: from configuration under
/// <c>Dify:Clients:&lt;name&gt;</c>. The topology is written as <c>…:Topology:Regions:i:{Name,Priority,Endpoints:j:{BaseUrl,Weight}}</c>
/// keys, so this compiles whether or not <c>DifyClientOptions.Topology</c> exists yet: before it does, the binder
/// ignores those keys and the client runs single-endpoint on <c>BaseUrl</c> (the primary), which <see cref="Note"/> says.
/// </summary>
internal sealed class DifyHaChaosClient : IChaosClient
{
    private const string ChatClient = "chaos-chat";
    private const string WorkflowClient = "chaos-workflow";
    private readonly ServiceProvider _services;
    private readonly IDifyClient _chat;
    private readonly IDifyClient _workflow;

    /// <param name="endpoints">The topology.</param>
    /// <param name="counters">Totals of the run.</param>
    /// <param name="allowGenerationRetry">Sets <c>Resilience:AllowGenerationRetry</c> (the opt-in variant, <c>dify-ha-retry</c>).</param>
    public DifyHaChaosClient(ChaosEndpoints endpoints, ClientCounters counters, bool allowGenerationRetry = false)
    {
        Name = allowGenerationRetry ? "dify-ha-retry" : "dify-ha";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        AddClient(settings, ChatClient, ChaosEndpoints.ChatKey, endpoints);
        AddClient(settings, WorkflowClient, ChaosEndpoints.WorkflowKey, endpoints);
        if (allowGenerationRetry)
        {
            settings[$"{DifyClientOptions.ConfigurationSection}:{ChatClient}:Resilience:AllowGenerationRetry"] = "true";
            settings[$"{DifyClientOptions.ConfigurationSection}:{WorkflowClient}:Resilience:AllowGenerationRetry"] = "true";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        foreach (var name in new[] { ChatClient, WorkflowClient })
        {
            services.AddDifyClient(name)
                .ConfigureHttpClient(b => b.AddHttpMessageHandler(() => new RecordingHandler(counters)));
        }

        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IDifyClientFactory>();
        _chat = factory.CreateClient(ChatClient);
        _workflow = factory.CreateClient(WorkflowClient);
    }

    /// <summary>Whether this build of Dify.HA.Client has topology options at all.</summary>
    public static bool TopologyAvailable => typeof(DifyClientOptions).GetProperty("Topology") is not null;

    public string Name { get; }

    public string? Note => TopologyAvailable
        ? null
        : "dify-ha: DifyClientOptions.Topology does not exist in this build; the client ran single-endpoint on the primary URL.";

    public async Task<bool> CallAsync(CallKind kind, string query, string user, CallContext context, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case CallKind.BlockingChat:
                var response = await _chat.Chat.SendAsync(new ChatMessageRequest { Query = query, User = user }, cancellationToken).ConfigureAwait(false);
                return response.Answer is not null;
            case CallKind.StreamingChat:
                await foreach (var e in _chat.Chat.StreamAsync(new ChatMessageRequest { Query = query, User = user }, cancellationToken).ConfigureAwait(false))
                {
                    if (e is MessageEndEvent)
                        return true;
                    context.OnFirstEvent();
                }

                return false;
            default:
                var request = new WorkflowRunRequest { Inputs = new Dictionary<string, object?> { ["query"] = query }, User = user };
                await foreach (var e in _workflow.Workflows.StreamAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    if (e is WorkflowFinishedEvent finished)
                        return finished.Data?.Status == "succeeded";
                    context.OnFirstEvent();
                }

                return false;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static void AddClient(Dictionary<string, string?> settings, string name, string apiKey, ChaosEndpoints endpoints)
    {
        var prefix = $"{DifyClientOptions.ConfigurationSection}:{name}:";
        settings[prefix + "ApiKey"] = apiKey;
        settings[prefix + "BaseUrl"] = endpoints.Primary.ToString();
        settings[prefix + "Timeout"] = "00:00:10";
        for (var r = 0; r < endpoints.Regions.Count; r++)
        {
            var region = string.Create(CultureInfo.InvariantCulture, $"{prefix}Topology:Regions:{r}:");
            settings[region + "Name"] = string.Create(CultureInfo.InvariantCulture, $"region-{r}");
            settings[region + "Priority"] = r.ToString(CultureInfo.InvariantCulture);
            for (var e = 0; e < endpoints.Regions[r].Count; e++)
            {
                var endpoint = string.Create(CultureInfo.InvariantCulture, $"{region}Endpoints:{e}:");
                settings[endpoint + "BaseUrl"] = endpoints.Regions[r][e].ToString();
                settings[endpoint + "Weight"] = "1";
            }
        }
    }
}
