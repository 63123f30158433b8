using System.Diagnostics;
using Dify.HA.Client.Tests.Api;
using Dify.HA.Client.Tests.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.AI;

public sealed class DifyChatClientPipelineTests
{
    [Fact]
    public async Task Chat_client_still_answers_through_the_ha_pipeline_when_the_primary_region_is_down()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 2, endpointsPerRegion: 1);
        await h.Topology.Regions[0].RefuseConnectionsAsync();
        using var chat = h.Client.AsChatClient();

        var blocking = await chat.GetResponseAsync("hello");
        var streamed = await chat.GetStreamingResponseAsync("hello").ToChatResponseAsync();

        Assert.False(string.IsNullOrEmpty(blocking.Text));
        Assert.Equal(blocking.Text, streamed.Text);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.Equal(2, h.RegionTotal(1, e => e.Stats.GenerationsStarted));
        Assert.Equal(0, h.RegionTotal(0, e => e.Stats.GenerationsStarted));
    }

    [Fact]
    public async Task AddDifyChatClient_registers_keyed_and_default_chat_clients_with_metadata()
    {
        await using var emulator = await Dify.HA.Testing.DifyEmulator.StartAsync(new() { TokenDelay = TimeSpan.Zero });
        var services = new ServiceCollection();
        services.AddDifyClient(o => { o.BaseUrl = emulator.BaseUrl; o.ApiKey = "app-chat"; o.DefaultUser = "di-user"; });
        services.AddDifyClient("agent", o => { o.BaseUrl = emulator.BaseUrl; o.ApiKey = "app-agent"; o.DefaultUser = "di-user"; });
        services.AddDifyChatClient();
        services.AddDifyChatClient("agent", o => { o.UseStreamingForResponses = true; o.ModelId = "agent-app"; });
        await using var sp = services.BuildServiceProvider();

        var chat = sp.GetRequiredService<IChatClient>();
        var agent = sp.GetRequiredKeyedService<IChatClient>("agent");
        var answer = await agent.GetResponseAsync("Use a tool");

        Assert.IsType<DifyChatClient>(chat);
        Assert.NotSame(chat, agent);
        Assert.Equal(emulator.BaseUrl, chat.GetService<ChatClientMetadata>()!.ProviderUri);
        Assert.Equal("agent-app", agent.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("agent", agent.GetService<IDifyClient>()!.Name);
        Assert.False(string.IsNullOrEmpty(answer.Text));
        Assert.Equal("agent-app", answer.ModelId);
    }

    [Fact]
    public async Task Meai_middleware_composes_on_top_with_opentelemetry_and_function_invocation()
    {
        const string Source = "dify-ha-tests-ai";
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        await using var emulator = await Dify.HA.Testing.DifyEmulator.StartAsync(new() { TokenDelay = TimeSpan.Zero });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDifyClient("support", o => { o.BaseUrl = emulator.BaseUrl; o.ApiKey = "app-chat"; o.DefaultUser = "mw-user"; });
        services.AddDifyChatClient("support", o => o.ModelId = "support-app");
        // M.E.AI's registration wins over AddDifyChatClient's TryAdd: the keyed IChatClient is the wrapped pipeline.
        services.AddKeyedChatClient("support", sp => sp.GetRequiredKeyedService<DifyChatClient>("support"))
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: Source, configure: c => c.EnableSensitiveData = false)
            .UseLogging();
        await using var sp = services.BuildServiceProvider();
        var chat = sp.GetRequiredKeyedService<IChatClient>("support");

        var response = await chat.GetResponseAsync("hello", new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(() => "never called", "unused_tool")],
        });

        Assert.IsNotType<DifyChatClient>(chat);
        Assert.NotNull(chat.GetService<DifyChatClient>());
        Assert.False(string.IsNullOrEmpty(response.Text));
        Activity span;
        // UseFunctionInvocation adds its own orchestrate_tools span around the chat span.
        lock (activities) span = Assert.Single(activities, a => a.DisplayName.StartsWith("chat", StringComparison.Ordinal));
        Assert.Equal("dify", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("support-app", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(response.Usage!.OutputTokenCount, Convert.ToInt64(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(response.ResponseId, span.GetTagItem("gen_ai.response.id"));
    }

    // <doc-sample>
    [Fact]
    public async Task Doc_sample_chat_with_a_dify_app_through_IChatClient()
    {
        await using var dify = await Dify.HA.Testing.DifyEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDifyClient("support", o =>
        {
            o.BaseUrl = dify.BaseUrl;        // or Topology: regions and endpoints, see ha-client.md
            o.ApiKey = "app-chat";
        });
        services.AddDifyChatClient("support", o => o.DefaultUser = "user-42");
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredKeyedService<IChatClient>("support");

        // First turn: Dify starts a conversation and returns its id.
        var first = await chat.GetResponseAsync("What are your opening hours?");
        // Next turns: pass the id and only the new message; Dify holds the history.
        var next = new ChatOptions { ConversationId = first.ConversationId };
        var text = "";
        await foreach (var update in chat.GetStreamingResponseAsync("And on Sundays?", next))
            text += update.Text;

        Assert.False(string.IsNullOrEmpty(first.Text));
        Assert.False(string.IsNullOrEmpty(text));
    }
    // </doc-sample>

    [Fact]
    public void Docs_page_sample_is_the_code_of_the_sample_test()
    {
        var root = RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "tests", "Dify.HA.Client.Tests", "AI", "DifyChatClientPipelineTests.cs"));
        var docs = File.ReadAllText(Path.Combine(root, "docs", "ai.md"));

        var sample = Between(source, "// <doc-sample>", "// </doc-sample>");
        var body = Between(sample, "{\n", "\n        Assert.False(string.IsNullOrEmpty(first.Text));");
        Assert.True(body.Split('\n').Length > 15, "the sample region is too short: markers moved?");
        var unindented = string.Join('\n', body.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.Contains(unindented.Trim(), docs.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>The folder holding DifyHaSdk.sln, found from this file's path, the test binaries or the current directory
    /// (a CI build maps source paths to /_/, and artifacts may live outside the repository).</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
    {
        foreach (var start in new[] { Environment.GetEnvironmentVariable("DIFYHA_REPO_ROOT"), Path.GetDirectoryName(path), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            if (string.IsNullOrEmpty(start) || !Directory.Exists(start)) continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DifyHaSdk.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (a folder holding DifyHaSdk.sln); set DIFYHA_REPO_ROOT.");
    }

    private static string Between(string text, string start, string end)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var i = text.IndexOf(start, StringComparison.Ordinal);
        var j = text.IndexOf(end, i + start.Length, StringComparison.Ordinal);
        Assert.True(i >= 0 && j > i, $"markers {start} / {end} not found");
        return text[(i + start.Length)..j];
    }
}
