using Xunit.Abstractions;

namespace Dify.HA.Packaging.Tests;

/// <summary>
/// A user's view: a fresh console app in a temporary folder, outside the repository (none of its props or package
/// versions apply), restores Dify.HA.Client and Dify.HA.Testing from the packed feed, builds and runs.
/// </summary>
[Trait("Category", "Packaging")]
[Collection(PackagingGroup.Name)]
public sealed class ConsumerTests(PackedFeedFixture feed, ITestOutputHelper output)
{
    [Fact]
    public async Task Fresh_console_app_restores_the_packages_from_the_feed_builds_and_chats_with_the_packaged_emulator()
    {
        feed.AssertPacked();
        output.WriteLine($"pack: {feed.Pack.Elapsed.TotalSeconds:F1} s ({feed.Version})");

        var app = Path.Combine(feed.WorkFolder, "consumer");
        var packages = Path.Combine(feed.WorkFolder, "nuget-packages");
        Directory.CreateDirectory(app);
        var template = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(template, "Consumer.csproj.template")).Replace("{{VERSION}}", feed.Version, StringComparison.Ordinal));
        feed.WriteNuGetConfig(app);

        // Its own package folder: our pre-release packages must not land in the machine's global cache.
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages };
        var build = await ChildProcess.RunAsync(app, Path.Combine(feed.WorkFolder, "consumer-build.log"), TimeSpan.FromMinutes(5),
            environment, "dotnet", "build", "-c", "Release", "-nologo", "-o", Path.Combine(app, "out"));
        output.WriteLine($"consumer restore + build: {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.ExitCode == 0, $"the consumer did not build ({build.ExitCode}):\n{PackedFeedFixture.Summary(build.Output)}");

        // It restored our packages, at the packed version, from the feed (not from a project or another cache).
        foreach (var id in new[] { "dify.ha.client", "dify.ha.testing" })
            Assert.True(File.Exists(Path.Combine(packages, id, feed.Version, $"{id}.{feed.Version}.nupkg")), $"{id} {feed.Version} was not restored into {packages}");
        Assert.False(Directory.Exists(Path.Combine(packages, "dify.ha.data")), "Dify.HA.Data was restored though nothing references it");

        var run = await ChildProcess.RunAsync(app, Path.Combine(feed.WorkFolder, "consumer-run.log"), TimeSpan.FromMinutes(2),
            environment, "dotnet", Path.Combine(app, "out", "Consumer.dll"));
        output.WriteLine($"consumer run: {run.Elapsed.TotalSeconds:F1} s: {run.Output.Trim()}");
        Assert.True(run.ExitCode == 0, $"the consumer exited with {run.ExitCode}:\n{run.Output}");
        Assert.Matches(@"CONSUMER OK blocking=[1-9]\d* streamed=[1-9]\d* conversation=[0-9a-f-]{36} emulator_generations=2", run.Output);
    }

    [Fact]
    public async Task Emulator_tool_installs_from_the_feed_and_runs_as_dify_emulator()
    {
        feed.AssertPacked();
        var tools = Path.Combine(feed.WorkFolder, "tools");
        var config = feed.WriteNuGetConfig(Path.Combine(feed.WorkFolder, "tool-install"));
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(feed.WorkFolder, "nuget-packages-tool") };

        var install = await ChildProcess.RunAsync(feed.WorkFolder, Path.Combine(feed.WorkFolder, "tool-install.log"), TimeSpan.FromMinutes(3),
            environment, "dotnet", "tool", "install", PackedFeedFixture.ToolPackage, "--tool-path", tools,
            "--version", feed.Version, "--configfile", config);
        output.WriteLine($"tool install: {install.Elapsed.TotalSeconds:F1} s");
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed ({install.ExitCode}):\n{PackedFeedFixture.Summary(install.Output)}");
        Assert.Contains("dify-emulator", install.Output, StringComparison.Ordinal);

        var help = await ChildProcess.RunAsync(feed.WorkFolder, Path.Combine(feed.WorkFolder, "tool-help.log"), TimeSpan.FromMinutes(1),
            environment, Path.Combine(tools, "dify-emulator"), "--help");
        Assert.True(help.ExitCode == 0, $"dify-emulator --help exited with {help.ExitCode}:\n{help.Output}");
        Assert.Contains("--fault SPEC", help.Output, StringComparison.Ordinal);

        var wrong = await ChildProcess.RunAsync(feed.WorkFolder, Path.Combine(feed.WorkFolder, "tool-wrong.log"), TimeSpan.FromMinutes(1),
            environment, Path.Combine(tools, "dify-emulator"), "--no-such-option");
        Assert.Equal(2, wrong.ExitCode);
    }
}
