using System.Diagnostics;

namespace Dify.HA.Packaging.Tests;

/// <summary>Runs a command to completion with a deadline; its output goes to a log file.</summary>
/// <remarks>
/// Output goes to a file, not a pipe: a build leaves servers (the compiler server) running that inherit the
/// child's handles, and a pipe would then never reach end-of-file.
/// </remarks>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(string workingDirectory, string logFile, TimeSpan deadline,
        IReadOnlyDictionary<string, string?> environment, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$DIFYHA_CHILD_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(command);
        foreach (var a in arguments) start.ArgumentList.Add(a);

        // The test host's MSBuild variables would point a child build at the test run's own MSBuild state.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DIFYHA_CHILD_LOG"] = logFile;
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return new Result(-1, $"{command} {string.Join(' ', arguments)}: killed after {deadline}\n{ReadLog(logFile)}", clock.Elapsed);
        }
        return new Result(process.ExitCode, ReadLog(logFile), clock.Elapsed);
    }

    private static string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no output)";
}
