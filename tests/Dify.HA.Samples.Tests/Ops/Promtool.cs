using System.Diagnostics;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>Runs <c>promtool</c> as a child process. Absent promtool is a test failure that names the fix.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var path = Find() ?? throw new Xunit.Sdk.XunitException(
            "promtool is not on PATH: run eng/ops/ensure-promtool (as root it installs Debian's prometheus package without starting the server), then re-run the tests.");
        var info = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Writes <paramref name="content"/> to a fresh temporary folder under <paramref name="fileName"/> and
    /// returns the folder (the caller deletes it).</summary>
    public static string TempFolderWith(string fileName, string content)
    {
        var folder = Directory.CreateTempSubdirectory("dify-ha-ops-").FullName;
        File.WriteAllText(Path.Combine(folder, fileName), content);
        return folder;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "promtool");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }
}
