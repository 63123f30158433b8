namespace Dify.HA.Samples.Tests.Ops;

/// <summary>samples/ops/prometheus: the alert rules pass promtool's checks and unit tests, each alert is tested both
/// firing and quiet, and carries what an on-call person needs.</summary>
public sealed class PrometheusRulesTests
{
    internal static List<Dictionary<object, object>> Alerts() =>
        [.. Yaml.Single(OpsKit.AlertRules).Maps("groups").SelectMany(g => g.Maps("rules")).Where(r => r.ContainsKey("alert"))];

    [Fact]
    public async Task Alert_rules_pass_promtool_check_rules()
    {
        var (exitCode, output) = await Promtool.RunAsync(OpsKit.PrometheusFolder, "check", "rules", Path.GetFileName(OpsKit.AlertRules));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {Alerts().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_rule_unit_tests_pass_promtool_test_rules()
    {
        var (exitCode, output) = await Promtool.RunAsync(OpsKit.PrometheusFolder, "test", "rules", Path.GetFileName(OpsKit.AlertRuleTests));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_test_rules_fails_when_an_expected_alert_does_not_fire()
    {
        // The harness must be able to fail: expect an alert with no input series behind it.
        var folder = Promtool.TempFolderWith("broken.test.yml", """
            rule_files: [dify-ha-alerts.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series: []
                alert_rule_test:
                  - eval_time: 5m
                    alertname: DifyRedisFailover
                    exp_alerts:
                      - exp_labels: {severity: info, job: web}
            """);
        try
        {
            File.Copy(OpsKit.AlertRules, Path.Combine(folder, "dify-ha-alerts.yml"));
            var (exitCode, output) = await Promtool.RunAsync(folder, "test", "rules", "broken.test.yml");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("FAILED", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_alert_is_unit_tested_both_firing_and_staying_quiet()
    {
        var cases = Yaml.Single(OpsKit.AlertRuleTests).Maps("tests").SelectMany(t => t.Maps("alert_rule_test")).ToList();
        var missing = new List<string>();
        foreach (var name in Alerts().Select(a => a.Text("alert")!))
        {
            var mine = cases.Where(c => c.Text("alertname") == name).ToList();
            if (!mine.Any(c => c.List("exp_alerts").Count > 0)) missing.Add($"{name}: no case where it fires");
            if (!mine.Any(c => c.List("exp_alerts").Count == 0)) missing.Add($"{name}: no case where it stays quiet");
        }

        Assert.True(Alerts().Count >= 15, $"only {Alerts().Count} alerts");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_a_description_and_a_runbook()
    {
        var problems = new List<string>();
        foreach (var alert in Alerts())
        {
            var name = alert.Text("alert")!;
            var severity = alert.MapOrNull("labels")?.Text("severity");
            if (severity is not ("critical" or "warning" or "info")) problems.Add($"{name}: severity '{severity}'");
            var annotations = alert.MapOrNull("annotations") ?? [];
            foreach (var key in new[] { "summary", "description", "runbook" })
            {
                if (string.IsNullOrWhiteSpace(annotations.Text(key))) problems.Add($"{name}: no {key}");
            }

            // The runbook points at this alert's section of the operations page, which must exist.
            if (annotations.Text("runbook") is { } runbook && !runbook.StartsWith($"docs/operations.md#{name.ToLowerInvariant()}:", StringComparison.Ordinal))
                problems.Add($"{name}: runbook does not start with docs/operations.md#{name.ToLowerInvariant()}:");
        }

        var docs = File.ReadAllText(Path.Combine(OpsKit.RepoRoot, "docs", "operations.md"));
        problems.AddRange(Alerts().Select(a => a.Text("alert")!).Where(n => !docs.Contains($"### {n}", StringComparison.Ordinal)).Select(n => $"{n}: no '### {n}' section in docs/operations.md"));
        Assert.Empty(problems);
    }
}
