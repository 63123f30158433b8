namespace Dify.HA.Client.Tests.Resilience;

public sealed class ClientLimitTests
{
    [Fact]
    public async Task Max_concurrency_queues_calls_and_a_call_that_cannot_start_before_its_deadline_times_out()
    {
        await using var h = await PipelineHarness.StartAsync(regions: 1, endpointsPerRegion: 1, resilience: p =>
        {
            p.MaxConcurrency = 1;
            p.Deadline = TimeSpan.FromSeconds(1);
        });

        // A stream holds the only slot until it ends (a 1 s deadline leaves a cold machine time to open it).
        await using var stream = h.Client.Chat.StreamAsync(PipelineHarness.Chat()).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());

        var error = await Assert.ThrowsAsync<TimeoutException>(() => h.Client.App.GetInfoAsync());
        Assert.Contains("MaxConcurrency", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Total(e => e.Stats.RequestsFor("GET /info")));

        while (await stream.MoveNextAsync())
        {
        }
        await stream.DisposeAsync();
        var info = await h.Client.App.GetInfoAsync();
        Assert.False(string.IsNullOrEmpty(info.Name));
    }
}
