using System.Diagnostics;
using Dify.HA.Demo;
using Dify.HA.Testing;

namespace Dify.HA.Samples.Tests.Demo;

public sealed class DemoTests
{
    [Fact]
    public async Task Scripted_outage_keeps_the_HA_client_above_its_bound_while_the_plain_client_fails_with_the_primary()
    {
        var console = new DemoConsole();
        var clock = Stopwatch.StartNew();

        // 6 s of script per client: every phase is short, so the stated bound is lower than a default run's 97 %:
        // the few calls a fault catches in flight weigh more among fewer calls, and the whole suite shares 2 cores
        // (seen: 92-98 % alone, once 75 % under other builds).
        var outcome = await DemoApp.RunAsync(["--no-live", "--duration", "6", "--min-success", "70"],
            console.Console, console.Lines, console.Errors, DemoConsole.NoEnvironment);

        var output = console.Output.ToString();
        Assert.True(outcome.ExitCode == DemoApp.ExitOk, $"exit code {outcome.ExitCode}\n{output}\n{console.Lines}\n{console.Errors}");
        Assert.Equal(["dify-ha", "plain"], outcome.Results.Select(r => r.Client));
        var ha = outcome.Results[0];
        var plain = outcome.Results[1];
        Assert.True(ha.Requests >= 30, $"only {ha.Requests} HA calls");
        Assert.True(ha.Success >= 0.70, $"HA success {ha.Success:P1}");
        // While eu-west is down the plain client (one URL: eu-west/0) fails; the HA client serves from us-east.
        Assert.True(plain.SuccessWhilePrimaryDown <= 0.2, $"plain while primary down {plain.SuccessWhilePrimaryDown:P1}");
        Assert.True(ha.SuccessWhilePrimaryDown >= 0.5, $"HA while primary down {ha.SuccessWhilePrimaryDown:P1}");
        Assert.True(ha.SuccessWhilePrimaryDown - plain.SuccessWhilePrimaryDown >= 0.4);
        Assert.Equal(0, ha.DuplicateGenerations); // no generation is re-sent without the opt-in
        Assert.True(ha.Failovers >= 1, "the HA client never failed over to another region");

        // The printed summary has both rows and the verdict names the bound.
        Assert.Contains("Summary", output, StringComparison.Ordinal);
        Assert.Contains("│ dify-ha", output, StringComparison.Ordinal);
        Assert.Contains("│ plain", output, StringComparison.Ordinal);
        Assert.Contains("70.0% (--min-success): exit code 0", output, StringComparison.Ordinal);
        // --no-live printed plain lines, one per phase at least.
        Assert.Contains("== phase 2/4: primary down", console.Lines.ToString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"the demo took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData(new[] { "--durration", "5" }, "--durration")]
    [InlineData(new[] { "--duration" }, "--duration")]
    [InlineData(new[] { "--duration", "1" }, "--duration")]
    [InlineData(new[] { "--rate", "fast" }, "--rate")]
    [InlineData(new[] { "--min-success", "101" }, "--min-success")]
    [InlineData(new[] { "--endpoints", "http://127.0.0.1:9/v1" }, "--api-key")]
    [InlineData(new[] { "--base-url", "not a url", "--api-key", "app-x" }, "--endpoints")]
    public async Task A_bad_argument_fails_before_starting_with_a_message_naming_the_option(string[] args, string option)
    {
        var console = new DemoConsole();

        var outcome = await DemoApp.RunAsync(args, console.Console, console.Lines, console.Errors, DemoConsole.NoEnvironment);

        Assert.Equal(DemoApp.ExitBadArguments, outcome.ExitCode);
        Assert.Empty(outcome.Results);
        var errors = console.Errors.ToString();
        Assert.Contains("error: ", errors, StringComparison.Ordinal);
        Assert.Contains(option, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("app-x", errors, StringComparison.Ordinal); // a key is never echoed
    }

    [Fact]
    public async Task Environment_variables_configure_the_demo_like_options_do()
    {
        var console = new DemoConsole();
        var environment = new Dictionary<string, string?> { ["DURATION"] = "2" };

        var outcome = await DemoApp.RunAsync([], console.Console, console.Lines, console.Errors, environment);

        Assert.Equal(DemoApp.ExitBadArguments, outcome.ExitCode);
        Assert.Contains("DIFY_DEMO_DURATION", console.Errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_base_url_it_drives_that_Dify_without_faults_and_prints_one_row()
    {
        // Stands in for a real Dify: the demo must not start its own emulators or run the fault script.
        await using var dify = await DifyEmulator.StartAsync();
        var console = new DemoConsole();

        var outcome = await DemoApp.RunAsync(["--base-url", dify.BaseUrl.ToString(), "--api-key", "app-chat", "--duration", "4", "--no-live"],
            console.Console, console.Lines, console.Errors, DemoConsole.NoEnvironment);

        var output = console.Output.ToString();
        Assert.True(outcome.ExitCode == DemoApp.ExitOk, $"exit code {outcome.ExitCode}\n{output}\n{console.Errors}");
        var row = Assert.Single(outcome.Results);
        Assert.True(row.Requests >= 20, $"{row.Requests} calls");
        Assert.Equal(1.0, row.Success);
        Assert.True(dify.Stats.RequestsFor("POST /chat-messages") >= row.Requests); // they went to the given URL
        Assert.Equal(0, dify.Stats.RequestsFor("POST /workflows/run"));           // no --workflow-key: chat only
        Assert.DoesNotContain("app-chat", output + console.Lines, StringComparison.Ordinal); // the key is never printed
        Assert.Contains("== phase 1/1: steady load", console.Lines.ToString(), StringComparison.Ordinal);
    }
}
