using System.Text.Json;
using Dify.HA.Client;

namespace Dify.HA.Client.Tests.Api;

public sealed class WorkflowRoundTripTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private static WorkflowRunRequest Run(string query, string user, bool humanInput = false) => new()
    {
        Inputs = humanInput
            ? new Dictionary<string, object?> { ["query"] = query, ["human_input"] = "true" }
            : new Dictionary<string, object?> { ["query"] = query },
        User = user,
    };

    [Fact]
    public async Task Blocking_run_returns_outputs_and_the_run_can_be_read_back()
    {
        var user = TestUsers.New();
        var response = await fx.Workflow.Workflows.RunAsync(Run("Summarize this", user));

        Assert.Equal("succeeded", response.Data?.Status);
        Assert.NotNull(response.Data?.Outputs);
        Assert.NotEmpty(response.Data!.Outputs!);
        Assert.True(Guid.TryParse(response.WorkflowRunId, out _));

        var detail = await fx.Workflow.Workflows.GetRunAsync(response.WorkflowRunId!);
        Assert.Equal(response.WorkflowRunId, detail.Id);
        Assert.Equal("succeeded", detail.Status);
        Assert.NotNull(detail.FinishedAt);
        Assert.Equal(response.Data.Outputs!.Keys.Order(), detail.Outputs!.Keys.Order());
    }

    [Fact]
    public async Task Streamed_run_ends_with_workflow_finished_and_collects_outputs()
    {
        var result = await fx.Workflow.Workflows.StreamAsync(Run("Stream me", TestUsers.New())).CollectWorkflowAsync();

        Assert.True(result.Completed);
        Assert.Equal("succeeded", result.Status);
        Assert.NotNull(result.Outputs);
    }

    [Fact]
    public async Task Run_by_id_runs_the_given_published_version_blocking_and_streaming()
    {
        var workflowId = fx.Emulator.Apps.Single(a => a.ApiKey == "app-workflow").WorkflowId.ToString();

        var blocking = await fx.Workflow.Workflows.RunByIdAsync(workflowId, Run("By id", TestUsers.New()));
        var streamed = await fx.Workflow.Workflows.StreamByIdAsync(workflowId, Run("By id", TestUsers.New())).CollectWorkflowAsync();

        Assert.Equal(workflowId, blocking.Data?.WorkflowId);
        Assert.Equal("succeeded", streamed.Status);
    }

    [Fact]
    public async Task Stop_really_stops_a_running_workflow()
    {
        var user = TestUsers.New();
        var stopped = fx.Emulator.Stats.GenerationsStopped;
        string? taskId = null;
        DifyStreamEvent? last = null;
        await foreach (var e in fx.Workflow.Workflows.StreamAsync(Run(EmulatorFixture.LongQuery, user)))
        {
            last = e;
            if (taskId is null && e.TaskId is { } id && e is NodeStartedEvent)
            {
                taskId = id;
                await fx.Workflow.Workflows.StopAsync(taskId, user);
            }
        }

        Assert.NotNull(taskId);
        Assert.True(fx.Emulator.Stats.GenerationsStopped > stopped);
        var finished = Assert.IsType<WorkflowFinishedEvent>(last);
        Assert.Equal("stopped", finished.Data?.Status);
    }

    [Fact]
    public async Task Logs_list_finished_runs()
    {
        await fx.Workflow.Workflows.RunAsync(Run("For the logs", TestUsers.New()));

        var logs = await fx.Workflow.Workflows.GetLogsAsync(new WorkflowLogQuery { Limit = 5 });

        Assert.NotEmpty(logs.Data);
        Assert.True(logs.Data.Count <= 5);
        Assert.All(logs.Data, entry => Assert.NotNull(entry.WorkflowRun?.Id));
    }

    [Fact]
    public async Task Resume_stream_reattaches_to_a_paused_run_and_human_input_resumes_it()
    {
        var user = TestUsers.New();
        var paused = await fx.Workflow.Workflows.RunAsync(Run("Needs approval", user, humanInput: true));
        Assert.Equal("paused", paused.Data?.Status);
        var token = paused.Data!.Reasons![0].FormToken!;

        var form = await fx.Workflow.HumanInput.GetFormAsync(token);
        Assert.NotEmpty(form.UserActions!);
        var action = form.UserActions![0].Id!;

        await fx.Workflow.HumanInput.SubmitAsync(token, action, new Dictionary<string, object?> { [form.Inputs![0].OutputVariableName!] = "approved" }, user);

        // The re-attached stream replays from the start, including the earlier pause: keep it open across pauses.
        var resumed = await fx.Workflow.Workflows.ResumeStreamAsync(paused.WorkflowRunId!, user, includeStateSnapshot: true, continueOnPause: true).CollectWorkflowAsync();
        Assert.Equal(paused.WorkflowRunId, resumed.WorkflowRunId);
        Assert.Equal("succeeded", resumed.Status);
    }
}
