using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Dify.HA.Testing.Tests.Knowledge.KnowledgeHttp;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>Dify's knowledge rate limit: 403 forbidden with its message, injectable for N requests or a duration.</summary>
public sealed class KnowledgeRateLimitTests
{
    private const string Message = "Sorry, you have reached the knowledge base request rate limit of your subscription.";

    [Fact]
    public async Task Rate_limit_for_n_requests_answers_403_forbidden_then_clears_and_spares_reads_and_app_routes()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var kb = Client(emulator);
        using var chat = Http.Client(emulator, "app-chat");
        emulator.Faults.KnowledgeRateLimit(2);

        await Http.PostJsonAsync(chat, "chat-messages", Http.ChatBody("Still fine?"));
        await ExpectAsync(kb, HttpMethod.Get, "datasets", null, 200);
        for (var i = 0; i < 2; i++)
        {
            var (status, body) = await SendAsync(kb, HttpMethod.Post, "datasets", new JsonObject { ["name"] = "Limited" });
            Assert.Equal(403, status);
            Assert.Equal(new JsonObject { ["code"] = "forbidden", ["message"] = Message, ["status"] = 403 }.ToJsonString(), body!.ToJsonString());
        }

        await CreateDatasetAsync(kb, "Limited");
        Assert.Equal(2, emulator.Stats.FaultsInjected);
        Assert.Equal(1, (await ExpectAsync(kb, HttpMethod.Get, "datasets", null, 200))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rate_limit_for_a_duration_clears_when_the_fake_clock_passes_it_and_heal_clears_it_at_once()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TimeProvider = time });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Timed");
        var retrieve = new JsonObject { ["query"] = "anything" };
        emulator.Faults.KnowledgeRateLimit(TimeSpan.FromSeconds(60));

        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", retrieve, 403);
        time.Advance(TimeSpan.FromSeconds(59));
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", retrieve, 403);
        Assert.True(emulator.Faults.Any);
        time.Advance(TimeSpan.FromSeconds(1));
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", retrieve, 200);
        Assert.False(emulator.Faults.Any);

        emulator.Faults.KnowledgeRateLimit(TimeSpan.FromMinutes(5));
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", retrieve, 403);
        await emulator.Faults.HealAsync();
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", retrieve, 200);
    }

    [Fact]
    public async Task Every_operation_mode_also_refuses_reads_such_as_indexing_status()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Polled");
        var (_, batch) = await CreateTextDocumentAsync(kb, ds, "p.txt", "Polled text.");
        emulator.Faults.KnowledgeRateLimit(1);
        await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200);

        emulator.Faults.KnowledgeRateLimit(1, everyOperation: true);
        var refused = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 403);
        Assert.Equal(Message, refused["message"]!.GetValue<string>());
        await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200);
    }

    [Fact]
    public async Task Requests_per_minute_option_limits_a_rolling_window_of_rate_limited_operations()
    {
        var time = new FakeTimeProvider();
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TimeProvider = time, KnowledgeRequestsPerMinute = 3 });
        using var kb = Client(emulator);

        for (var i = 0; i < 3; i++)
            await CreateDatasetAsync(kb, $"Set {i}");
        await ExpectAsync(kb, HttpMethod.Get, "datasets", null, 200);
        var refused = await ExpectAsync(kb, HttpMethod.Post, "datasets", new JsonObject { ["name"] = "Set 3" }, 403);
        Assert.Equal(Message, refused["message"]!.GetValue<string>());
        time.Advance(TimeSpan.FromSeconds(60));
        await CreateDatasetAsync(kb, "Set 3");
    }

    [Fact]
    public async Task A_bad_key_answers_401_before_the_rate_limit()
    {
        await using var emulator = await DifyEmulator.StartAsync();
        using var wrong = Client(emulator, "dataset-nope");
        emulator.Faults.KnowledgeRateLimit(1);

        await ExpectAsync(wrong, HttpMethod.Post, "datasets", new JsonObject { ["name"] = "x" }, 401);
        using var kb = Client(emulator);
        await ExpectAsync(kb, HttpMethod.Post, "datasets", new JsonObject { ["name"] = "x" }, 403);
    }
}
