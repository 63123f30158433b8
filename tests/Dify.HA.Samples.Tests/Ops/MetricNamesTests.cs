namespace Dify.HA.Samples.Tests.Ops;

/// <summary>Every metric the ops kit reads (alert rules, their unit tests, the dashboard, the catalogue) is a series the
/// SDK really exports, named as the OpenTelemetry Prometheus exporter names it.</summary>
public sealed class MetricNamesTests
{
    [Fact]
    public async Task The_exporter_names_the_sdk_instruments_with_underscores_unit_suffixes_and_totals()
    {
        var series = await PrometheusExposition.SdkSeriesAsync();

        Assert.True(SdkInstruments.Published.Count >= 30, string.Join("\n", SdkInstruments.Published));
        Assert.Contains("dify_client_failovers_total", series);                           // counter, no unit
        Assert.Contains("dify_client_request_duration_seconds_bucket", series);           // histogram, unit s
        Assert.Contains("dify_client_request_duration_seconds_count", series);
        Assert.Contains("dify_client_endpoint_latency_ewma_milliseconds", series);       // gauge, unit ms
        Assert.Contains("dify_ha_postgres_replica_lag_bytes", series);                    // unit By, name ends in bytes already
        Assert.Contains("dify_ha_tasks_dead_lettered_total", series);                     // unit {task} dropped
        Assert.Contains("dify_ha_tasks_queue_depth", series);
        Assert.DoesNotContain("dify.client.failovers", series);
    }

    [Fact]
    public async Task Every_metric_the_alert_rules_read_is_exported_by_the_sdk()
    {
        var series = await PrometheusExposition.SdkSeriesAsync();
        var expressions = PrometheusRulesTests.Alerts().Select(a => (a.Text("alert")!, a.Text("expr")!)).ToList();

        Assert.NotEmpty(expressions);
        Assert.Empty(PromQl.Unknown(expressions, series));
    }

    [Fact]
    public async Task Every_series_the_rule_unit_tests_feed_is_exported_by_the_sdk()
    {
        var series = await PrometheusExposition.SdkSeriesAsync();
        var inputs = Yaml.Single(OpsKit.AlertRuleTests).Maps("tests")
            .SelectMany(t => t.Maps("input_series").Select(s => (t.Text("name") ?? "?", s.Text("series")!)))
            .ToList();

        Assert.NotEmpty(inputs);
        Assert.Empty(PromQl.Unknown(inputs, series));
    }

    [Fact]
    public async Task A_rule_reading_a_metric_the_sdk_does_not_export_is_reported()
    {
        var series = await PrometheusExposition.SdkSeriesAsync();

        var unknown = PromQl.Unknown(
            [("made-up", """sum by (job, dify_region) (rate(dify_client_errors_total{dify_region="eu"}[5m])) / on (job) group_left sum(rate(dify_client_attempts_total[5m])) > bool 0.1""")],
            series);

        // The invented counter is caught; the real one, label names and keywords are not.
        var only = Assert.Single(unknown);
        Assert.StartsWith("dify_client_errors_total ", only, StringComparison.Ordinal);
        var names = PromQl.MetricNames("rate(dify_client_errors_total[5m]) + dify_client_attempts_total offset 5m");
        Assert.True(names.SetEquals(["dify_client_errors_total", "dify_client_attempts_total"]), string.Join(", ", names));
    }

    [Fact]
    public async Task Every_sdk_metric_is_in_the_operations_catalogue()
    {
        var series = await PrometheusExposition.SdkSeriesAsync();
        var docs = File.ReadAllText(Path.Combine(OpsKit.RepoRoot, "docs", "operations.md"));
        var families = series.Where(s => s.StartsWith("dify_", StringComparison.Ordinal))
            .Select(s => s.EndsWith("_bucket", StringComparison.Ordinal) || s.EndsWith("_sum", StringComparison.Ordinal) || s.EndsWith("_count", StringComparison.Ordinal)
                ? s[..s.LastIndexOf('_')]
                : s)
            .Distinct();

        var missing = families.Where(f => !docs.Contains($"`{f}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in docs/operations.md: " + string.Join(", ", missing));
    }
}
