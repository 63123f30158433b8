using System.Runtime.CompilerServices;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>Where the operations kit lives in the repository (found by walking up to <c>DifyHaSdk.sln</c>).</summary>
internal static class OpsKit
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string PrometheusFolder => Path.Combine(RepoRoot, "samples", "ops", "prometheus");

    public static string AlertRules => Path.Combine(PrometheusFolder, "dify-ha-alerts.yml");

    public static string AlertRuleTests => Path.Combine(PrometheusFolder, "dify-ha-alerts.test.yml");

    public static string Dashboard => Path.Combine(RepoRoot, "samples", "ops", "grafana", "dify-ha-dashboard.json");

    public static string KubernetesFolder => Path.Combine(RepoRoot, "samples", "ops", "kubernetes");

    public static string EnsurePromtool => Path.Combine(RepoRoot, "eng", "ops", "ensure-promtool");

    private static string FindRoot()
    {
        // The build output may live outside the repository (--artifacts-path), so start from this source file's
        // compile-time path, then from the output folder.
        foreach (var start in new[] { Path.GetDirectoryName(ThisFile()), AppContext.BaseDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DifyHaSdk.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException($"DifyHaSdk.sln not found above {ThisFile()} or {AppContext.BaseDirectory}: the ops tests read samples/ops from the repository.");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
