using Dify.HA.Data.Tasks;
using Dify.HA.WorkerService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dify.HA.Samples.Tests;

public sealed class WorkerServiceTests
{
    private static readonly string[] Keys = ["handbook/returns.md", "handbook/shipping.md", "handbook/warranty.md", "faq.txt", "notes/support.txt"];

    [Fact]
    public async Task Every_document_is_indexed_exactly_once_and_a_second_run_updates_instead_of_duplicating()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        foreach (var key in Keys) harness.AddDocument(key, $"Content of {key}.\n\nA second paragraph about {key}.");

        var first = await harness.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(Keys.Length, first.Enqueued);
        Assert.Empty(first.DeadLetters);
        Assert.Equal(Keys.Order(StringComparer.Ordinal), first.Indexed.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.Indexed.Values, outcome => Assert.Equal("Created", outcome));
        AssertEachOnceAndCompleted(first, Keys);
        Assert.Equal(Keys.Length, CreatesSent(harness));

        // A new process (the in-memory queue forgot everything) upserts the same keys: updates, no second copy.
        harness.AddDocument("faq.txt", "The FAQ changed.");
        var second = await harness.RunAsync();

        Assert.Empty(second.DeadLetters);
        Assert.All(second.Indexed.Values, outcome => Assert.Equal("Updated", outcome));
        AssertEachOnceAndCompleted(second, Keys);
        Assert.Equal(Keys.Length, CreatesSent(harness));
    }

    [Fact]
    public async Task A_document_Dify_fails_to_index_ends_in_the_dead_letters_with_the_reason()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        harness.AddDocument("good.md", "An ordinary document.");
        harness.AddDocument("broken.md", $"This one breaks the indexer {DocumentSource.EmulatorIndexErrorMarker}.");

        var run = await harness.RunAsync();

        Assert.Equal(["good.md"], run.Indexed.Keys);
        var dead = Assert.Single(run.DeadLetters);
        Assert.StartsWith("broken.md:", dead.Task.IdempotencyKey, StringComparison.Ordinal);
        var error = Assert.Single(dead.Errors); // permanent: no retry
        Assert.True(error.Permanent);
        Assert.Contains("broken.md", error.Message, StringComparison.Ordinal);
        Assert.Contains("error", error.Message, StringComparison.Ordinal);
        // The failed document exists once in Dify (in error); nothing was uploaded twice.
        Assert.Equal(2, run.Documents.Count);
        Assert.Equal("error", Assert.Single(run.Documents, d => d.Name == "broken.md").IndexingStatus);
    }

    [Fact]
    public async Task Knowledge_rate_limit_403s_are_retried_by_the_queue_and_each_document_still_lands_once()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        foreach (var key in Keys) harness.AddDocument(key, $"Rate-limited content of {key}.");
        // The next 4 rate-limited knowledge requests (dataset create, document creates) answer Dify Cloud's 403.
        harness.Emulator.Faults.KnowledgeRateLimit(4);

        var run = await harness.RunAsync();

        Assert.Equal(4, harness.Emulator.Stats.FaultsInjected);
        Assert.True(run.FailedAttempts >= 1, "the 403s should have failed at least one attempt");
        Assert.Empty(run.DeadLetters);
        Assert.Equal(Keys.Length, run.Indexed.Count);
        AssertEachOnceAndCompleted(run, Keys);
    }

    [Fact]
    public async Task Lost_create_answers_are_recovered_by_the_upsert_and_never_duplicate_a_document()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        foreach (var key in Keys) harness.AddDocument(key, $"Content of {key}, whose create answer may be lost.");
        var lost = new LostCreates(3);

        var run = await harness.RunAsync(configureServices: services =>
            services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new LoseCreateAnswersHandler(lost))));

        Assert.Equal(3, lost.Lost);
        Assert.Empty(run.DeadLetters);
        Assert.Equal(3, run.Indexed.Values.Count(outcome => outcome == "Recovered"));
        AssertEachOnceAndCompleted(run, Keys);
        Assert.Equal(Keys.Length, CreatesSent(harness)); // no create was sent twice
    }

    [Fact]
    public async Task On_embedded_defaults_it_starts_the_emulator_indexes_the_built_in_documents_and_exits()
    {
        // No Dify:Clients:kb:BaseUrl anywhere (appsettings.json ships without one): the emulator starts in-process.
        await using var app = await IndexerApp.CreateAsync([], new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        Assert.NotNull(app.Emulator);
        Assert.True(app.Host.Services.GetRequiredService<DifyTarget>().Embedded);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.Host.StartAsync(deadline.Token);
        await app.Host.WaitForShutdownAsync(deadline.Token);
        Assert.False(deadline.IsCancellationRequested, "the worker did not stop by itself");

        var run = await WorkerServiceHarness.CollectAsync(app.Host.Services);
        Assert.Equal(4, run.Indexed.Count);
        var dead = Assert.Single(run.DeadLetters);
        Assert.StartsWith("samples/broken.txt:", dead.Task.IdempotencyKey, StringComparison.Ordinal);
        Assert.Equal(5, run.Documents.Count);
    }

    [Fact]
    public async Task Watching_a_folder_reindexes_an_edited_file_and_leaves_unchanged_ones_alone()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        harness.AddDocument("a.md", "first version");
        harness.AddDocument("b.md", "never changes");
        await using var app = await IndexerApp.CreateAsync([], harness.Overrides(new Dictionary<string, string?>
        {
            ["Indexer:Once"] = "false",
            ["Indexer:ScanInterval"] = "00:00:00.100",
        }));
        var report = app.Host.Services.GetRequiredService<IndexingReport>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.Host.StartAsync(deadline.Token);

        await WaitUntilAsync(() => report.Indexed.Count == 2, deadline.Token);
        harness.AddDocument("a.md", "second version");
        await WaitUntilAsync(() => report.Indexed.TryGetValue("a.md", out var outcome) && outcome == "Updated", deadline.Token);
        await app.Host.StopAsync(deadline.Token);

        var run = await WorkerServiceHarness.CollectAsync(app.Host.Services);
        Assert.Equal(3, run.Enqueued); // a.md twice (two contents), b.md once, however many scans ran
        Assert.Equal("Created", run.Indexed["b.md"]);
        AssertEachOnceAndCompleted(run, ["a.md", "b.md"]);
    }

    [Fact]
    public async Task An_unknown_backend_fails_at_start_naming_the_key()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        harness.AddDocument("a.md", "a");

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.RunAsync(new Dictionary<string, string?> { ["Indexer:Backend"] = "Cassandra" }));

        Assert.Contains("Indexer:Backend is 'Cassandra'; set it to InMemory, Redis or Postgres.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_out_of_range_option_fails_at_start_naming_the_key_and_the_fix()
    {
        await using var harness = await WorkerServiceHarness.StartAsync();
        harness.AddDocument("a.md", "a");

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.RunAsync(new Dictionary<string, string?> { ["Indexer:IndexingPollDelay"] = "00:05:00" }));

        Assert.Contains("Indexer:IndexingPollDelay is 00:05:00; set it from 00:00:00.0100000 to 00:01:00.", e.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken deadline)
    {
        // Polls a condition the worker makes true; the token is the test's deadline.
        while (!condition()) await Task.Delay(20, deadline);
    }

    private static void AssertEachOnceAndCompleted(WorkerRun run, string[] keys)
    {
        Assert.Equal(keys.Order(StringComparer.Ordinal), run.Documents.Select(d => d.Name!).Order(StringComparer.Ordinal));
        Assert.All(run.Documents, d => Assert.Equal("completed", d.IndexingStatus));
    }

    private static long CreatesSent(WorkerServiceHarness harness) =>
        harness.Emulator.Stats.RequestsByOperation.Where(p => p.Key.EndsWith("/document/create-by-text", StringComparison.Ordinal)).Sum(p => p.Value);
}
