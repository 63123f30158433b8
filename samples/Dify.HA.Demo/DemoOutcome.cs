using Dify.HA.Demo.Display;

namespace Dify.HA.Demo;

/// <summary>What a run of the demo ended with: the exit code and the summary's rows (HA client first).</summary>
internal sealed record DemoOutcome(int ExitCode, IReadOnlyList<RunResult> Results);
