using System.Net;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>The idempotent upserts and the pipeline's safety rules for creates, against a fake server that can lose answers.</summary>
public sealed class UpsertDocumentTests
{
    private const string D = KnowledgeIds.Dataset;

    private static CreateDocumentByTextRequest Text(string text = "Returns are accepted within 30 days.")
        => new() { Text = text, IndexingTechnique = "economy", ProcessRule = new DifyProcessRule { Mode = "automatic" } };

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Upsert_by_text_does_not_duplicate_when_the_first_create_answer_is_lost(HttpStatusCode lostWith)
    {
        var server = new FakeKnowledgeServer { LoseNextCreateWith = lostWith };
        await using var host = new KnowledgeTestHost(server);

        var result = await host.Client.Documents.UpsertByTextAsync(D, "faq/returns.md", Text());

        Assert.Equal(DifyUpsertOutcome.Recovered, result.Outcome);
        Assert.Equal("faq/returns.md", result.Document?.Name);
        Assert.Null(result.Batch);
        Assert.Equal(["faq/returns.md"], server.DocumentNames);
        // The pipeline did not re-send the create (a write after an ambiguous failure) and neither did the helper.
        Assert.Equal(1, server.Count("/document/create-by-text"));
    }

    [Fact]
    public async Task Upsert_by_text_does_not_duplicate_when_the_connection_resets_after_the_create()
    {
        var server = new FakeKnowledgeServer { LoseNextCreateByThrowing = new HttpRequestException("reset", new IOException("Connection reset by peer")) };
        await using var host = new KnowledgeTestHost(server);

        var result = await host.Client.Documents.UpsertByTextAsync(D, "faq/returns.md", Text());

        Assert.Equal(DifyUpsertOutcome.Recovered, result.Outcome);
        Assert.Single(server.DocumentNames);
        Assert.Equal(1, server.Count("/document/create-by-text"));
    }

    [Fact]
    public async Task A_retried_upsert_after_a_lost_answer_updates_instead_of_creating_a_second_document()
    {
        var server = new FakeKnowledgeServer();
        await using var host = new KnowledgeTestHost(server);

        var first = await host.Client.Documents.UpsertByTextAsync(D, "kb/a.md", Text("v1"));
        var again = await host.Client.Documents.UpsertByTextAsync(D, "kb/a.md", Text("v2"));

        Assert.Equal(DifyUpsertOutcome.Created, first.Outcome);
        Assert.False(string.IsNullOrEmpty(first.Batch));
        Assert.Equal(DifyUpsertOutcome.Updated, again.Outcome);
        Assert.Equal(first.Document?.Id, again.Document?.Id);
        Assert.False(string.IsNullOrEmpty(again.Batch));
        Assert.Single(server.DocumentNames);
        Assert.Equal(1, server.Count("/update-by-text"));
    }

    [Fact]
    public async Task Upsert_matches_the_exact_name_not_a_keyword_hit_and_finds_it_on_a_later_page()
    {
        var server = new FakeKnowledgeServer();
        // 150 documents whose names contain the key (the keyword search is a substring match), the exact one last.
        for (var i = 0; i < 150; i++) server.Seed($"kb/a.md.v{i}");
        server.Seed("kb/a.md");
        await using var host = new KnowledgeTestHost(server);

        var result = await host.Client.Documents.UpsertByTextAsync(D, "kb/a.md", Text());

        Assert.Equal(DifyUpsertOutcome.Updated, result.Outcome);
        Assert.Equal("kb/a.md", result.Document?.Name);
        Assert.Equal(0, server.Count("/document/create-by-text"));
        Assert.Equal(2, server.Count("/documents", "GET"));
    }

    [Theory]
    [InlineData("indexing")]
    [InlineData("waiting")]
    [InlineData("paused")]
    public async Task Upsert_of_a_document_still_indexing_sends_nothing_and_says_pending(string state)
    {
        var server = new FakeKnowledgeServer();
        server.Seed("kb/a.md", state);
        await using var host = new KnowledgeTestHost(server);

        var result = await host.Client.Documents.UpsertByTextAsync(D, "kb/a.md", Text());

        Assert.Equal(DifyUpsertOutcome.Pending, result.Outcome);
        Assert.Equal(state, result.Document?.IndexingStatus);
        Assert.Equal(0, server.Count("/update-by-text") + server.Count("/document/create-by-text"));
    }

    [Fact]
    public async Task Upsert_by_file_recovers_a_lost_create_and_sends_the_file_once()
    {
        var server = new FakeKnowledgeServer { LoseNextCreateWith = HttpStatusCode.BadGateway };
        await using var host = new KnowledgeTestHost(server);
        using var file = new MemoryStream("%PDF-1.7 contract"u8.ToArray());

        var result = await host.Client.Documents.UpsertByFileAsync(D, "contract-0042.pdf", file, contentType: "application/pdf");

        Assert.Equal(DifyUpsertOutcome.Recovered, result.Outcome);
        Assert.Equal(["contract-0042.pdf"], server.DocumentNames);
        Assert.Equal(1, server.Count("/document/create-by-file"));

        file.Position = 0;
        var again = await host.Client.Documents.UpsertByFileAsync(D, "contract-0042.pdf", file);
        Assert.Equal(DifyUpsertOutcome.Updated, again.Outcome);
        Assert.Single(server.DocumentNames);
        Assert.Equal(1, server.Count("/update-by-file"));
    }

    [Fact]
    public async Task A_plain_create_by_text_is_not_resent_by_the_pipeline_after_a_502()
    {
        var server = new FakeKnowledgeServer { LoseNextCreateWith = HttpStatusCode.BadGateway };
        await using var host = new KnowledgeTestHost(server);

        var ex = await Assert.ThrowsAsync<DifyApiException>(() => host.Client.Documents.CreateByTextAsync(D, Text() with { Name = "x.md" }));

        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(DifyFailureClass.Ambiguous, ex.Classification);
        Assert.Equal(1, server.Count("/document/create-by-text"));
    }

    [Fact]
    public async Task Reads_are_retried_by_the_pipeline()
    {
        var server = new FakeKnowledgeServer { FailReads = 1 };
        await using var host = new KnowledgeTestHost(server);

        var hits = await host.Client.Datasets.RetrieveAsync(D, new RetrieveRequest { Query = "returns" });

        Assert.Equal("q", hits.Query?.Content);
        Assert.Equal(2, server.Count("/retrieve"));
        Assert.All(server.Authorizations, a => Assert.Equal("Bearer " + KnowledgeIds.Key, a));
    }
}
