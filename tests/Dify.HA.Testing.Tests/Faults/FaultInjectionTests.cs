using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Faults;

public sealed class FaultInjectionTests
{
    private static Task<DifyEmulator> StartAsync(int tokenDelayMs = 0) =>
        DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.FromMilliseconds(tokenDelayMs) });

    [Fact]
    public async Task Refused_connections_then_heal_on_the_same_port()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        var port = emulator.Port;
        await Http.GetJsonAsync(client, "info");

        emulator.Faults.RefuseConnections();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("info"));
        Assert.Equal(SocketError.ConnectionRefused, (refused.InnerException as SocketException)?.SocketErrorCode);
        Assert.True(emulator.Faults.IsRefusingConnections);

        emulator.Faults.Heal();
        Assert.Equal(port, emulator.Port);
        await Http.GetJsonAsync(client, "info");
        Assert.False(emulator.Faults.Any);
    }

    [Fact]
    public async Task Black_hole_accepts_and_never_answers_until_healed()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator, timeout: TimeSpan.FromMilliseconds(300));
        emulator.Faults.BlackHole();

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync("info"));
        Assert.Equal(1, emulator.Stats.RequestsFor("GET /info"));

        emulator.Faults.Heal();
        await Http.GetJsonAsync(client, "info");
    }

    [Fact]
    public async Task Latency_delays_every_request()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        await Http.GetJsonAsync(client, "info");
        emulator.Faults.AddLatency(TimeSpan.FromMilliseconds(250));

        var watch = Stopwatch.StartNew();
        await Http.GetJsonAsync(client, "info");

        Assert.True(watch.ElapsedMilliseconds >= 240, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Latency_distribution_is_drawn_per_request()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        var drawn = 0;
        emulator.Faults.AddLatency(_ =>
        {
            Interlocked.Increment(ref drawn);
            return TimeSpan.FromMilliseconds(1);
        });

        for (var i = 0; i < 3; i++)
            await Http.GetJsonAsync(client, "info");

        Assert.Equal(3, drawn);
    }

    [Fact]
    public async Task Status_burst_of_503_answers_the_nginx_page_for_the_share_asked()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        emulator.Faults.StatusBurst(503, 0.3);

        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.GetAsync("info");
            if ((int)response.StatusCode == 503)
            {
                failures++;
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("503 Service Temporarily Unavailable", await response.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.InRange(failures, 35, 85);
    }

    [Fact]
    public async Task Status_burst_with_a_code_answers_the_Dify_envelope()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        emulator.Faults.StatusBurst(500, 1, "internal_server_error");

        using var response = await Http.PostAsync(client, "chat-messages", Http.ChatBody("x"));
        var body = await Http.JsonOf(response);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("internal_server_error", body["code"]!.GetValue<string>());
        Assert.Equal(0, emulator.Stats.GenerationsStarted);
        Assert.Equal(1, emulator.Stats.RequestsFor("POST /chat-messages"));
    }

    [Fact]
    public async Task Throttle_storm_answers_429_too_many_requests()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        emulator.Faults.ThrottleStorm(1);

        using var response = await Http.PostAsync(client, "chat-messages", Http.ChatBody("x"));
        var body = await Http.JsonOf(response);

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("too_many_requests", body["code"]!.GetValue<string>());
        Assert.Equal(1, emulator.Stats.TooManyRequests);
        emulator.Faults.ThrottleStorm(0);
        await Http.PostJsonAsync(client, "chat-messages", Http.ChatBody("x"));
    }

    [Fact]
    public async Task Reset_after_bytes_aborts_the_response_mid_body()
    {
        await using var emulator = await StartAsync();
        using var client = Http.Client(emulator);
        emulator.Faults.ResetAfterBytes(20);

        var total = 0;
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync("parameters", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[4096];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
                total += read;
        });

        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Equal(20, total);
        Assert.Equal(1, emulator.Stats.FaultsInjected);
    }

    [Fact]
    public async Task Cut_stream_stops_after_n_events_without_a_terminal_event_and_the_run_goes_on_for_re_attach()
    {
        await using var emulator = await StartAsync(tokenDelayMs: 2);
        using var client = Http.Client(emulator, "app-workflow");
        emulator.Faults.CutStreamAfterEvents(3);

        await using (var cut = await SseStream.OpenAsync(client, "workflows/run", Http.WorkflowBody(new JsonObject { ["query"] = "cut me" }, streaming: true)))
        {
            await cut.CompletionAsync();
            Assert.Equal(3, cut.Events.Count);
            Assert.NotNull(cut.Error);
            Assert.DoesNotContain(cut.Events, e => e["event"]!.GetValue<string>() == "workflow_finished");
            var runId = cut.Events[0]["workflow_run_id"]!.GetValue<string>();

            emulator.Faults.Heal();
            await Http.WaitUntilAsync(() => emulator.Stats.GenerationsCompleted == 1, "the run to finish in the background");
            Assert.Equal("succeeded", (await Http.GetJsonAsync(client, $"workflows/run/{runId}"))["status"]!.GetValue<string>());
            await using var again = await SseStream.OpenGetAsync(client, $"workflow/{runId}/events?user=tester");
            await again.CompletionAsync();
            Assert.Equal(cut.Events[2].ToJsonString(), again.Events[2].ToJsonString());
            Assert.Equal("workflow_finished", again.Events[^1]["event"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Slow_stream_spaces_events_by_the_gap()
    {
        var options = new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero };
        options.Apps.First(a => a.ApiKey == "app-chat").ScriptedAnswers["three"] = "one two three";
        await using var emulator = await DifyEmulator.StartAsync(options);
        using var client = Http.Client(emulator);
        emulator.Faults.SlowStream(TimeSpan.FromMilliseconds(60));

        var watch = Stopwatch.StartNew();
        await using var stream = await SseStream.OpenAsync(client, "chat-messages", Http.ChatBody("three", streaming: true));
        await stream.CompletionAsync();

        Assert.Equal(4, stream.Events.Count);
        Assert.True(watch.ElapsedMilliseconds >= 4 * 55, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_of_one_endpoint_leave_its_region_siblings_healthy()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(2, 2, o => o.TokenDelay = TimeSpan.Zero);
        topology.Regions[0].RefuseConnections();
        using var down = Http.Client(topology.Regions[0].Endpoints[1]);
        using var up = Http.Client(topology.Regions[1].Endpoints[0]);

        await Assert.ThrowsAsync<HttpRequestException>(() => down.GetAsync("info"));
        await Http.GetJsonAsync(up, "info");

        await topology.Regions[0].HealAsync();
        await Http.GetJsonAsync(down, "info");
        Assert.Equal(4, topology.AllEndpoints.Count);
    }
}
