namespace Dify.HA.WebApi.Tests;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_expose_the_dify_client_request_duration_after_a_chat()
    {
        await using var harness = await WebApiHarness.StartAsync();
        using (var chat = await harness.PostChatAsync("Hello")) await WebApiHarness.ReadEventsAsync(chat);

        var text = "";
        var found = await WebApiHarness.EventuallyAsync(async () =>
        {
            text = await harness.Http.GetStringAsync("metrics");
            return text.Contains("dify_client_request_duration_seconds_count{", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));

        Assert.True(found, "no dify_client_request_duration in /metrics:\n" + text[..Math.Min(text.Length, 2000)]);
        Assert.Contains("dify_operation=\"sendChatMessage\"", text, StringComparison.Ordinal);
        // ASP.NET Core's own meter is exported too.
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
