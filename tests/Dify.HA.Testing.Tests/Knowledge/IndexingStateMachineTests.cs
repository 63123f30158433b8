using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using static Dify.HA.Testing.Tests.Knowledge.KnowledgeHttp;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>The emulated indexing advances on the emulator's TimeProvider, one step per IndexingStepDuration.</summary>
public sealed class IndexingStateMachineTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Indexing_status_walks_waiting_parsing_cleaning_splitting_indexing_completed_on_the_fake_clock()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TimeProvider = time, IndexingStepDuration = Step });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Steps");
        var text = string.Join("\n\n", Enumerable.Range(1, 4).Select(i => $"Paragraph number {i} about indexing."));
        var (doc, batch) = await CreateTextDocumentAsync(kb, ds, "steps.txt", text);

        var seen = new List<(string Status, int Completed, int Total)>();
        for (var i = 0; i < 6; i++)
        {
            var item = (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200))["data"]![0]!;
            Assert.Equal(doc, item["id"]!.GetValue<string>());
            seen.Add((item["indexing_status"]!.GetValue<string>(), item["completed_segments"]!.GetValue<int>(), item["total_segments"]!.GetValue<int>()));
            time.Advance(i == 4 ? Step / 2 : Step);
            if (i == 4)
            {
                // Half-way through the indexing step: half of the segments are done.
                var half = (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200))["data"]![0]!;
                Assert.Equal("indexing", half["indexing_status"]!.GetValue<string>());
                Assert.Equal(2, half["completed_segments"]!.GetValue<int>());
                time.Advance(Step / 2);
            }
        }

        Assert.Equal(
            [("waiting", 0, 4), ("parsing", 0, 4), ("cleaning", 0, 4), ("splitting", 0, 4), ("indexing", 0, 4), ("completed", 4, 4)],
            seen);
        var final = (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200))["data"]![0]!;
        Assert.True(final["completed_at"]!.GetValue<long>() > 0);
        Assert.Equal("available", (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{doc}", null, 200))["display_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_document_with_the_error_marker_ends_in_error_with_a_message()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TimeProvider = time, IndexingStepDuration = Step });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Broken");
        var (doc, batch) = await CreateTextDocumentAsync(kb, ds, "broken.txt", "This one fails. [emulator:index-error]");

        time.Advance(Step * 3);
        Assert.Equal("splitting", (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200))["data"]![0]!["indexing_status"]!.GetValue<string>());
        time.Advance(Step * 10);
        var item = (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200))["data"]![0]!;
        Assert.Equal("error", item["indexing_status"]!.GetValue<string>());
        Assert.Contains("[emulator:index-error]", item["error"]!.GetValue<string>());
        var listed = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents?status=error", null, 200);
        Assert.Equal(doc, listed["data"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_document_with_the_error_marker_fails_too_and_an_update_starts_a_new_batch()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TimeProvider = time, IndexingStepDuration = Step });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Files");
        var created = await SendFormAsync(kb, HttpMethod.Post, $"datasets/{ds}/document/create-by-file",
            FileForm("bad.md", "# Bad\n\n[emulator:index-error]", new JsonObject { ["indexing_technique"] = "economy" }), 200);
        var ok = await SendFormAsync(kb, HttpMethod.Post, $"datasets/{ds}/document/create-by-file", FileForm("good.md", "# Good\n\nFine."), 200);
        time.Advance(Step * 5);
        Assert.Equal("error", (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{created["batch"]}/indexing-status", null, 200))["data"]![0]!["indexing_status"]!.GetValue<string>());

        var okId = ok["document"]!["id"]!.GetValue<string>();
        var updated = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/documents/{okId}/update-by-text", new JsonObject { ["name"] = "good.md", ["text"] = "Better." }, 200);
        var newBatch = updated["batch"]!.GetValue<string>();
        Assert.NotEqual(ok["batch"]!.GetValue<string>(), newBatch);
        Assert.Equal("waiting", updated["document"]!["indexing_status"]!.GetValue<string>());
        await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{ok["batch"]}/indexing-status", null, 404);
        time.Advance(Step * 5);
        Assert.Equal("completed", (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{newBatch}/indexing-status", null, 200))["data"]![0]!["indexing_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Segments_and_retrieval_wait_for_completed_indexing()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TimeProvider = time, IndexingStepDuration = Step });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Wait");
        var (doc, _) = await CreateTextDocumentAsync(kb, ds, "wait.txt", "Kubernetes clusters need etcd backups.");
        var body = new JsonObject { ["segments"] = new JsonArray(new JsonObject { ["content"] = "More." }) };

        var early = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/documents/{doc}/segments", body, 404);
        Assert.Equal("Document is not completed.", early["message"]!.GetValue<string>());
        var before = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "etcd backups" }, 200);
        Assert.Empty(before["records"]!.AsArray());
        var update = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/documents/{doc}/update-by-text", new JsonObject { ["name"] = "wait.txt", ["text"] = "x" }, 400);
        Assert.Equal("invalid_param", update["code"]!.GetValue<string>());

        time.Advance(Step * 5);
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/documents/{doc}/segments", body, 200);
        var after = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "etcd backups" }, 200);
        Assert.Equal(1.0, after["records"]![0]!["score"]!.GetValue<double>());
    }
}
