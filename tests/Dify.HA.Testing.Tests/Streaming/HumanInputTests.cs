using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;

namespace Dify.HA.Testing.Tests.Streaming;

public sealed class HumanInputTests
{
    [Fact]
    public async Task Workflow_pauses_for_human_input_and_resumes_after_the_form_is_submitted_through_a_re_attached_stream()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(1, 2, o => o.TokenDelay = TimeSpan.Zero);
        using var a = Http.Client(topology.Regions[0].Endpoints[0], "app-workflow");
        using var b = Http.Client(topology.Regions[0].Endpoints[1], "app-workflow");
        await using var first = await SseStream.OpenAsync(a, "workflows/run", Http.WorkflowBody(new JsonObject { ["human_input"] = true }, user: "reviewer", streaming: true));
        await first.CompletionAsync();

        var names = first.Events.Select(e => e["event"]!.GetValue<string>()).ToList();
        Assert.Equal(["human_input_required", "workflow_paused"], names[^2..]);
        var paused = first.Events[^1];
        var runId = paused["workflow_run_id"]!.GetValue<string>();
        var token = paused["data"]!["reasons"]![0]!["form_token"]!.GetValue<string>();
        Assert.Equal("paused", (await Http.GetJsonAsync(b, $"workflows/run/{runId}"))["status"]!.GetValue<string>());

        var form = await Http.GetJsonAsync(b, $"form/human_input/{token}");
        Assert.Equal("approve", form["user_actions"]![0]!["id"]!.GetValue<string>());
        await Http.PostJsonAsync(b, $"form/human_input/{token}", new JsonObject { ["inputs"] = new JsonObject(), ["action"] = "approve", ["user"] = "reviewer" }, expectedStatus: 400);
        await Http.PostJsonAsync(b, $"form/human_input/{token}", new JsonObject { ["inputs"] = new JsonObject { ["comment"] = "LGTM" }, ["action"] = "approve", ["user"] = "reviewer" });

        await using var resumed = await SseStream.OpenGetAsync(b, $"workflow/{runId}/events?user=reviewer");
        await resumed.CompletionAsync();
        var replay = resumed.Events.Select(e => e["event"]!.GetValue<string>()).ToList();
        Assert.Equal("workflow_started", replay[0]);
        Assert.Contains("human_input_form_filled", replay);
        Assert.DoesNotContain("workflow_paused", replay);
        Assert.Equal("workflow_finished", replay[^1]);
        Assert.Equal("succeeded", resumed.Events[^1]["data"]!["status"]!.GetValue<string>());
        var filled = resumed.Events.First(e => e["event"]!.GetValue<string>() == "human_input_form_filled");
        Assert.Equal("LGTM", filled["data"]!["submitted_data"]!["comment"]!.GetValue<string>());

        await Http.GetJsonAsync(b, $"form/human_input/{token}", expectedStatus: 412);
        await Http.GetJsonAsync(b, $"workflow/{runId}/events?user=someone-else", expectedStatus: 404);
    }

    [Fact]
    public async Task Blocking_workflow_that_pauses_answers_status_paused_with_the_form()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var client = Http.Client(emulator, "app-workflow");

        var answer = await Http.PostJsonAsync(client, "workflows/run", Http.WorkflowBody(new JsonObject { ["human_input"] = "true" }));

        Assert.Equal("paused", answer["data"]!["status"]!.GetValue<string>());
        Assert.Null(answer["data"]!["finished_at"]);
        Assert.Equal("human_input_required", answer["data"]!["reasons"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(1, emulator.Stats.GenerationsStarted);
        Assert.Equal(0, emulator.Stats.GenerationsCompleted);
    }

    [Fact]
    public async Task Failed_workflow_still_answers_200_with_status_failed()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { TokenDelay = TimeSpan.Zero });
        using var client = Http.Client(emulator, "app-workflow");

        var answer = await Http.PostJsonAsync(client, "workflows/run", Http.WorkflowBody(new JsonObject { ["emulator_fail"] = true }));

        Assert.Equal("failed", answer["data"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(answer["data"]!["error"]!.GetValue<string>()));
    }
}
