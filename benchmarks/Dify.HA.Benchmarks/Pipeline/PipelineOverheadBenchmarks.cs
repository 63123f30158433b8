using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dify.HA.Client;
using Dify.HA.Client.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>
/// Issue 3, part 11: what a blocking chat call costs on top of the transport, with an in-process handler answering a
/// canned Dify response (no network). Baseline: a plain HttpClient that serializes the same request model and parses
/// the same response model as our client (DifyApiJsonContext), so only the pipeline differs. Then the same code behind
/// <c>AddStandardResilienceHandler()</c>, and our <see cref="IDifyClient"/> (whatever transport the client registers for
/// the name: single-endpoint today, the HA pipeline once it lands). Overhead = mean − baseline. A fourth row shows a
/// hand-written integration that reads four fields only (less JSON work), for scale.
/// Targets: ours ≤ ½ of the standard handler's overhead, ≤ 1 KB allocated per call beyond the baseline.
/// Run: <c>dotnet run -c Release --project benchmarks/Dify.HA.Benchmarks -- --filter *PipelineOverhead* --inProcess --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private static readonly Uri BaseUrl = new("http://dify.bench.local/v1/");
    private static readonly Uri ChatUri = new(BaseUrl, "chat-messages");
    private static readonly Dictionary<string, object?> NoInputs = [];
    private readonly ChatMessageRequest _request = new() { Query = "How does failover work?", User = "bench-user" };
    private HttpClient _plain = null!;
    private HttpClient _standard = null!;
    private IDifyClient _dify = null!;
    private IDifyClient _dify2 = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = new HttpClient(new CannedChatHandler());
        var services = new ServiceCollection();
        services.AddHttpClient("standard")
            .ConfigurePrimaryHttpMessageHandler(() => new CannedChatHandler())
            .AddStandardResilienceHandler();
        services.AddDifyClient("bench", o =>
            {
                o.BaseUrl = BaseUrl;
                o.ApiKey = "app-bench";
            })
            .ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => new CannedChatHandler()));
        // The same client with a topology of two regions (one endpoint each, probes off): it pins every new conversation
        // to its region (a single-region client has nothing to pin).
        services.AddDifyClient("bench-2r", o =>
            {
                o.BaseUrl = BaseUrl;
                o.ApiKey = "app-bench";
                o.Topology.HealthProbe.Enabled = false;
                o.Topology.Regions.Add(new Dify.HA.Client.Routing.DifyRegionOptions { Name = "r0", Priority = 0, Endpoints = { new() { BaseUrl = BaseUrl } } });
                o.Topology.Regions.Add(new Dify.HA.Client.Routing.DifyRegionOptions { Name = "r1", Priority = 1, Endpoints = { new() { BaseUrl = new Uri("http://dify.bench.backup/v1/") } } });
            })
            .ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => new CannedChatHandler()));
        _services = services.BuildServiceProvider();
        _standard = _services.GetRequiredService<IHttpClientFactory>().CreateClient("standard");
        _dify = _services.GetRequiredService<IDifyClientFactory>().CreateClient("bench");
        _dify2 = _services.GetRequiredService<IDifyClientFactory>().CreateClient("bench-2r");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _standard.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "plain HttpClient + Dify models")]
    public Task<string?> Plain() => PostModelsAsync(_plain);

    [Benchmark(Description = "AddStandardResilienceHandler + Dify models")]
    public Task<string?> Standard() => PostModelsAsync(_standard);

    [Benchmark(Description = "IDifyClient.Chat.SendAsync")]
    public async Task<string?> DifyHa() => (await _dify.Chat.SendAsync(_request)).Answer;

    [Benchmark(Description = "IDifyClient.Chat.SendAsync, 2 regions")]
    public async Task<string?> DifyHaTwoRegions() => (await _dify2.Chat.SendAsync(_request)).Answer;

    [Benchmark(Description = "plain HttpClient + 4-field JSON")]
    public Task<string?> PlainMinimal() => PostMinimalAsync(_plain);

    private async Task<string?> PostModelsAsync(HttpClient http)
    {
        var body = _request with { ResponseMode = "blocking" };
        using var message = new HttpRequestMessage(HttpMethod.Post, ChatUri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, DifyApiJsonContext.Default.ChatMessageRequest)),
        };
        message.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        message.Headers.Authorization = new("Bearer", "app-bench");
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(DifyApiJsonContext.Default.ChatMessageResponse);
        return answer?.Answer;
    }

    private static async Task<string?> PostMinimalAsync(HttpClient http)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, ChatUri)
        {
            Content = JsonContent.Create(new PlainChatRequest(NoInputs, "How does failover work?", "blocking", "bench-user"), PlainJsonContext.Default.PlainChatRequest),
        };
        message.Headers.Authorization = new("Bearer", "app-bench");
        using var response = await http.SendAsync(message);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(PlainJsonContext.Default.PlainChatResponse);
        return answer?.Answer;
    }
}
