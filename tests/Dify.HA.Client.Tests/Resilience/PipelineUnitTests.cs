using Dify.HA.Client.Resilience.Internal;
using Dify.HA.Client.Routing.Affinity;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Resilience;

public sealed class PipelineUnitTests
{
    [Fact]
    public void Retry_budget_allows_its_ratio_of_requests_plus_the_floor_and_refills_as_the_window_slides()
    {
        var time = new FakeTimeProvider();
        var budget = new RetryBudget(0.2, minRetriesPerSecond: 0.5, TimeSpan.FromSeconds(10), time);
        for (var i = 0; i < 100; i++) budget.RecordRequest();

        var allowed = 0;
        while (budget.TryConsumeRetry()) allowed++;

        Assert.Equal(25, allowed); // 0.2 × 100 + 0.5 × 10
        time.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i < 10; i++) budget.RecordRequest();
        allowed = 0;
        while (budget.TryConsumeRetry()) allowed++;
        Assert.Equal(7, allowed); // old window gone: 0.2 × 10 + 5
    }

    [Fact]
    public void Full_jitter_backoff_stays_within_the_exponential_ceiling_and_the_cap()
    {
        var random = new Random(7);
        for (var retry = 1; retry <= 12; retry++)
        {
            var ceiling = Math.Min(2000, 50 * Math.Pow(2, retry - 1));
            for (var i = 0; i < 50; i++)
            {
                var delay = Backoff.Compute(retry, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), random);
                Assert.InRange(delay.TotalMilliseconds, 0, ceiling);
            }
        }
    }

    [Fact]
    public void Affinity_pins_expire_after_their_time_to_live_and_the_cache_stays_bounded()
    {
        var time = new FakeTimeProvider();
        var cache = new AffinityCache(maxEntries: 100, TimeSpan.FromMinutes(10), time);
        cache.PinConversation("c1", "region-1");
        cache.PinTask("t1", "region-0");

        Assert.Equal("region-1", cache.Find("c1", null, null));
        Assert.Equal("region-0", cache.Find("c1", "t1", null));
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("region-1", cache.Find("c1", null, null)); // use slides the expiry
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("region-1", cache.Find("c1", null, null));
        Assert.Null(cache.Find(null, "t1", null));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(cache.Find("c1", null, null));

        for (var i = 0; i < 1000; i++) cache.PinConversation("c" + i, "region-0");
        Assert.InRange(cache.Count, 1, 100);
        Assert.Equal("region-0", cache.Find("c999", null, null));
    }

    [Fact]
    public async Task Affinity_cache_stays_bounded_when_many_callers_pin_and_repin_at_once()
    {
        var time = new FakeTimeProvider();
        var cache = new AffinityCache(maxEntries: 200, TimeSpan.FromMinutes(10), time);
        var callers = Enumerable.Range(0, 4).Select(c => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                cache.PinConversation("c" + (i % 300), "region-0"); // re-pins an existing key most of the time
                cache.PinRun("r" + c + "-" + i, "region-1");       // always a new key
            }
        }));
        await Task.WhenAll(callers);

        // While one caller trims, the others may add past the bound (how far depends on scheduling); the next pin after
        // the burst trims back under it. The kept count may miss a re-pin racing a trim's removal: at most one per caller.
        time.Advance(TimeSpan.FromSeconds(1)); // the newest entry is not among the oldest dropped
        cache.PinRun("last", "region-1");
        Assert.InRange(cache.Count, 1, 200 + 4);
        Assert.Equal("region-1", cache.Find(null, null, "last"));
    }

    [Fact]
    public void Endpoint_reuses_the_uri_of_a_fixed_path_but_not_of_paths_with_ids_or_queries()
    {
        var endpoint = new HaEndpoint("r/0", new Uri("http://r0.test/v1"), "r", null);

        var chat = endpoint.Resolve("chat-messages");
        var withId = endpoint.Resolve("conversations/1c7e2d4a-9b3f-4e8a-a6d5-0f2b3c4d5e6f");
        var withQuery = endpoint.Resolve("messages?conversation_id=abc");

        Assert.Equal("http://r0.test/v1/chat-messages", chat.AbsoluteUri);
        Assert.Same(chat, endpoint.Resolve("chat-messages"));
        Assert.Equal("http://r0.test/v1/conversations/1c7e2d4a-9b3f-4e8a-a6d5-0f2b3c4d5e6f", withId.AbsoluteUri);
        Assert.NotSame(withId, endpoint.Resolve("conversations/1c7e2d4a-9b3f-4e8a-a6d5-0f2b3c4d5e6f"));
        Assert.NotSame(withQuery, endpoint.Resolve("messages?conversation_id=abc"));
    }

    [Fact]
    public void Endpoint_reuses_its_authorization_header_value_until_the_key_changes()
    {
        var endpoint = new HaEndpoint("r/0", new Uri("http://r0.test/v1"), "r", null);

        var first = endpoint.Authorization("app-one");
        var again = endpoint.Authorization("app-one");
        var other = endpoint.Authorization("app-two");

        Assert.Same(first, again);
        Assert.Equal("Bearer", other.Scheme);
        Assert.Equal("app-two", other.Parameter);
        Assert.Equal("app-one", first.Parameter);
    }

    [Fact]
    public void Invalid_resilience_options_are_reported_with_their_keys()
    {
        var options = new DifyClientOptions { BaseUrl = new Uri("http://x/v1"), ApiKey = "app-x" };
        options.Resilience.MaxAttempts = 0;
        options.Resilience.BackoffBase = TimeSpan.FromSeconds(5);
        options.Resilience.BackoffMax = TimeSpan.FromSeconds(1);
        options.Resilience.Hedging.Delay = TimeSpan.Zero;
        options.Resilience.StreamResponseHeadersTimeout = TimeSpan.Zero;

        var failures = Dify.HA.Client.Api.DifyClientOptionsValidator.Collect(options, "Dify:Clients:x");

        Assert.Contains(failures, f => f.StartsWith("Dify:Clients:x:Resilience:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dify:Clients:x:Resilience:BackoffMax", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dify:Clients:x:Resilience:Hedging:Delay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dify:Clients:x:Resilience:StreamResponseHeadersTimeout", StringComparison.Ordinal));
    }
}
