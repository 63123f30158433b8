using System.Net;
using System.Text;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>The ListAll walks follow Dify's paging as its source computes it, not only as the spec describes it.</summary>
public sealed class KnowledgePagingTests
{
    private static HttpResponseMessage Page(int page, int count, bool hasMore) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(
            $"{{\"data\":[{string.Join(',', Enumerable.Range(0, count).Select(i => $"{{\"id\":\"p{page}-{i}\",\"name\":\"d{page}-{i}\"}}"))}],\"has_more\":{(hasMore ? "true" : "false")},\"limit\":2,\"page\":{page},\"total\":4}}",
            Encoding.UTF8, "application/json"),
    };

    private static async Task<(List<string> Names, ScriptedTransport Transport)> WalkAsync(params Func<DifyRequest, HttpResponseMessage>[] pages)
    {
        var transport = new ScriptedTransport(TimeProvider.System, pages);
        var services = new ServiceCollection();
        services.AddDifyClient("kb", o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = KnowledgeIds.Key; });
        services.AddKeyedSingleton<IDifyTransport>("kb", transport);
        await using var provider = services.BuildServiceProvider();
        var names = new List<string>();
        await foreach (var d in provider.GetRequiredKeyedService<IDifyKnowledgeClient>("kb").Documents.ListAllAsync(KnowledgeIds.Dataset, pageSize: 2))
            names.Add(d.Name!);
        return (names, transport);
    }

    [Fact]
    public async Task A_full_last_page_with_has_more_ends_at_the_empty_page_that_follows()
    {
        // Dify's documents list answers has_more = (len(page) == limit): true on a full last page.
        var (names, transport) = await WalkAsync(_ => Page(1, 2, true), _ => Page(2, 2, true), _ => Page(3, 0, true), _ => throw new InvalidOperationException("walked past the empty page"));

        Assert.Equal(["d1-0", "d1-1", "d2-0", "d2-1"], names);
        Assert.Equal(3, transport.CallCount);
        Assert.EndsWith("page=3&limit=2", transport.Calls[2].Request.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_walk_stops_when_has_more_is_false()
    {
        var (names, transport) = await WalkAsync(_ => Page(1, 2, true), _ => Page(2, 1, false), _ => throw new InvalidOperationException("walked past the last page"));

        Assert.Equal(3, names.Count);
        Assert.Equal(2, transport.CallCount);
    }
}
