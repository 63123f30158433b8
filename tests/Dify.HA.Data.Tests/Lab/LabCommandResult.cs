namespace Dify.HA.Data.Tests.Lab;

/// <summary>What one <c>eng/lab</c> helper run printed (stdout and stderr interleaved) and how long it took.</summary>
/// <param name="Command">The script and its arguments, e.g. <c>pg-delay 2s</c>.</param>
/// <param name="ExitCode">The script's exit code (0 on success; failures throw <see cref="LabCommandException"/>).</param>
/// <param name="Output">Everything the script printed.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record LabCommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The last non-empty line: the helpers print their machine-readable summary there.</summary>
    public string LastLine =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    /// <summary>The <c>key=value</c> words of <see cref="LastLine"/>.</summary>
    public LabStatusLine Summary => LabStatusLine.Parse("summary " + LastLine);
}
