using System.Text.Json.Nodes;
using static Dify.HA.Testing.Tests.Knowledge.KnowledgeHttp;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>Dify's page/limit paging on datasets, documents, segments and child chunks.</summary>
public sealed class KnowledgePagingTests
{
    [Fact]
    public async Task Datasets_page_newest_first_with_has_more_and_total()
    {
        await using var emulator = await DifyEmulator.StartAsync();
        using var kb = Client(emulator);
        for (var i = 1; i <= 5; i++)
            await CreateDatasetAsync(kb, $"Set {i}");

        var first = await ExpectAsync(kb, HttpMethod.Get, "datasets?page=1&limit=2", null, 200);
        var last = await ExpectAsync(kb, HttpMethod.Get, "datasets?page=3&limit=2", null, 200);
        var all = await ExpectAsync(kb, HttpMethod.Get, "datasets", null, 200);

        Assert.Equal(2, first["data"]!.AsArray().Count);
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal(5, first["total"]!.GetValue<int>());
        Assert.Single(last["data"]!.AsArray());
        Assert.False(last["has_more"]!.GetValue<bool>());
        Assert.Equal(3, last["page"]!.GetValue<int>());
        Assert.Equal(20, all["limit"]!.GetValue<int>());
        var names = all["data"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(5, names.Distinct().Count());
        Assert.Equal("Set 3", (await ExpectAsync(kb, HttpMethod.Get, "datasets?keyword=set%203", null, 200))["data"]![0]!["name"]!.GetValue<string>());
        var tooMany = await ExpectAsync(kb, HttpMethod.Get, "datasets?limit=101", null, 400);
        Assert.Equal("invalid_param", tooMany["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Documents_segments_and_child_chunks_page()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Paged");
        for (var i = 1; i <= 3; i++)
            await CreateTextDocumentAsync(kb, ds, $"doc-{i}.txt", $"Document {i}.");
        var (doc, _) = await CreateTextDocumentAsync(kb, ds, "long.txt", string.Join("\n\n", Enumerable.Range(1, 25).Select(i => $"Paragraph {i}.")),
            new JsonObject { ["doc_form"] = "hierarchical_model" });

        var documents = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents?page=2&limit=3", null, 200);
        Assert.Single(documents["data"]!.AsArray());
        Assert.Equal(4, documents["total"]!.GetValue<int>());
        Assert.False(documents["has_more"]!.GetValue<bool>());

        var segments = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{doc}/segments?page=1&limit=10", null, 200);
        Assert.Equal(10, segments["data"]!.AsArray().Count);
        Assert.Equal(25, segments["total"]!.GetValue<int>());
        Assert.True(segments["has_more"]!.GetValue<bool>());
        Assert.Equal("hierarchical_model", segments["doc_form"]!.GetValue<string>());
        var third = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{doc}/segments?page=3&limit=10", null, 200);
        Assert.Equal("Paragraph 21.", third["data"]![0]!["content"]!.GetValue<string>());

        var seg = segments["data"]![0]!["id"]!.GetValue<string>();
        for (var i = 0; i < 4; i++)
            await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/documents/{doc}/segments/{seg}/child_chunks", new JsonObject { ["content"] = $"Child {i}" }, 200);
        var children = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{doc}/segments/{seg}/child_chunks?page=2&limit=2", null, 200);
        Assert.Equal(5, children["total"]!.GetValue<int>());
        Assert.Equal(3, children["total_pages"]!.GetValue<int>());
        Assert.Equal(2, children["data"]!.AsArray().Count);
    }
}
