using System.Net;
using System.Text.Json.Nodes;
using Dify.HA.Client;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Api;

/// <summary>Every app operation of the spec is reachable through IDifyClient, under the spec's operationId, method and path.</summary>
public sealed class OperationCoverageTests
{
    private const string Id = "9da23599-e713-473b-982c-4328d4f5c78a";

    private sealed class AnsweringTransport : IDifyTransport
    {
        public List<DifyRequest> Requests { get; } = [];

        public ValueTask<HttpResponseMessage> SendAsync(DifyRequest request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request);
            var body = request.Streaming ? "data: {\"event\":\"message_end\",\"task_id\":\"" + Id + "\"}\n\n" : "{}";
            var content = new StringContent(body, System.Text.Encoding.UTF8, request.Streaming ? "text/event-stream" : "application/json");
            return ValueTask.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    private static async Task Drain(IAsyncEnumerable<DifyStreamEvent> stream)
    {
        await foreach (var _ in stream) { }
    }

    [Fact]
    public async Task All_36_app_operations_are_covered_with_the_spec_method_and_path()
    {
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "contract", "openapi_service.json")))!;
        var expected = new Dictionary<string, (string Method, string Path)>();
        foreach (var (path, operations) in spec["paths"]!.AsObject())
        {
            if (path.StartsWith("/datasets", StringComparison.Ordinal) || path.StartsWith("/workspaces", StringComparison.Ordinal)) continue;
            foreach (var (method, op) in operations!.AsObject())
                if (op?["operationId"] is { } operationId) expected[operationId.GetValue<string>()] = (method.ToUpperInvariant(), path);
        }
        Assert.Equal(36, expected.Count);

        var transport = new AnsweringTransport();
        var services = new ServiceCollection();
        services.AddDifyClient("all", o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = "app-k"; o.DefaultUser = "u"; });
        services.AddKeyedSingleton<IDifyTransport>("all", transport);
        await using var provider = services.BuildServiceProvider();
        var c = provider.GetRequiredService<IDifyClientFactory>().CreateClient("all");
        var inputs = new Dictionary<string, object?> { ["query"] = "q" };
        var settings = new AnnotationReplySettings { EmbeddingProviderName = "p", EmbeddingModelName = "m", ScoreThreshold = 0.5 };

        await c.Chat.SendAsync(new ChatMessageRequest { Query = "q" });
        await Drain(c.Chat.StreamAsync(new ChatMessageRequest { Query = "q" }));
        await c.Chat.StopAsync(Id);
        await c.Chat.GetSuggestedQuestionsAsync(Id);
        await c.Completion.SendAsync(new CompletionMessageRequest { Inputs = inputs });
        await Drain(c.Completion.StreamAsync(new CompletionMessageRequest { Inputs = inputs }));
        await c.Completion.StopAsync(Id);
        await c.Workflows.RunAsync(new WorkflowRunRequest { Inputs = inputs });
        await Drain(c.Workflows.StreamAsync(new WorkflowRunRequest { Inputs = inputs }));
        await c.Workflows.RunByIdAsync(Id, new WorkflowRunRequest());
        await Drain(c.Workflows.StreamByIdAsync(Id, new WorkflowRunRequest()));
        await c.Workflows.GetRunAsync(Id);
        await c.Workflows.StopAsync(Id);
        await c.Workflows.GetLogsAsync(new WorkflowLogQuery { Status = "succeeded", CreatedAfter = DateTimeOffset.UnixEpoch });
        await Drain(c.Workflows.ResumeStreamAsync(Id, continueOnPause: true));
        await c.Files.UploadAsync(new MemoryStream([1, 2]), "a.png");
        await using (await c.Files.PreviewAsync(Id)) { }
        await c.Messages.ListAsync(Id);
        await c.Feedbacks.SubmitAsync(Id, DifyFeedbackRating.Dislike);
        await c.Feedbacks.ListAsync();
        await c.Conversations.ListAsync();
        await c.Conversations.RenameAsync(Id, "n");
        await c.Conversations.DeleteAsync(Id);
        await c.Conversations.ListVariablesAsync(Id);
        await c.Conversations.UpdateVariableAsync(Id, Id, true);
        await c.Audio.AudioToTextAsync(new MemoryStream([1]), "a.wav");
        await using (await c.Audio.TextToAudioAsync(new TextToAudioRequest { Text = "t" })) { }
        await c.App.GetInfoAsync();
        await c.App.GetParametersAsync();
        await c.App.GetMetaAsync();
        await c.App.GetSiteAsync();
        await c.EndUsers.GetAsync(Id);
        await c.Annotations.CreateAsync("q", "a");
        await c.Annotations.ListAsync();
        await c.Annotations.UpdateAsync(Id, "q", "a");
        await c.Annotations.DeleteAsync(Id);
        await c.Annotations.EnableReplyAsync(settings);
        await c.Annotations.GetReplyJobStatusAsync(DifyAnnotationReplyAction.Disable, Id);
        await c.HumanInput.GetFormAsync("token123");
        await c.HumanInput.SubmitAsync("token123", "approve");

        Assert.Equal(expected.Keys.Order(), transport.Requests.Select(r => r.Operation).Distinct().Order());
        foreach (var request in transport.Requests)
        {
            var (method, template) = expected[request.Operation];
            Assert.Equal(method, request.Method.Method);
            var path = "/" + request.PathAndQuery.Split('?')[0];
            var pattern = "^" + System.Text.RegularExpressions.Regex.Replace(template, @"\{[a-z_]+\}", "[^/]+") + "$";
            Assert.Matches(pattern, path);
        }
    }
}
