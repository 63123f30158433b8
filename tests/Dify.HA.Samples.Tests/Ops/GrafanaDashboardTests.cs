using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>samples/ops/grafana: the dashboard parses, is built on a Prometheus datasource variable, repeats a row per
/// region, and its queries are valid PromQL over metrics the SDK exports.</summary>
public sealed partial class GrafanaDashboardTests
{
    private static JsonElement Dashboard() => JsonDocument.Parse(File.ReadAllText(OpsKit.Dashboard)).RootElement;

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels)) yield break;
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var nested in Panels(panel)) yield return nested;
        }
    }

    /// <summary>Every panel query and every variable query, with where it is.</summary>
    private static List<(string Where, string Expression)> Expressions()
    {
        var dashboard = Dashboard();
        var list = Panels(dashboard)
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => ($"panel '{p.GetProperty("title").GetString()}'", t.GetProperty("expr").GetString()!)))
            .ToList();
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var query = variable.GetProperty("query").GetProperty("query").GetString()!;
            var match = LabelValues().Match(query);
            Assert.True(match.Success, $"variable {variable.GetProperty("name")}: '{query}' is not label_values(<series>, <label>)");
            list.Add(($"variable ${variable.GetProperty("name").GetString()}", match.Groups["series"].Value));
        }

        return list;
    }

    [Fact]
    public void Dashboard_parses_and_every_panel_uses_the_prometheus_datasource_variable()
    {
        var dashboard = Dashboard();
        var datasource = Assert.Single(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
        var variable = "${" + datasource.GetProperty("name").GetString() + "}";

        var panels = Panels(dashboard).Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.True(panels.Count >= 20, $"{panels.Count} panels");
        Assert.All(panels, p => Assert.Equal(variable, p.GetProperty("datasource").GetProperty("uid").GetString()));
        Assert.All(panels, p => Assert.NotEmpty(p.GetProperty("targets").EnumerateArray()));
        var ids = Panels(dashboard).Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Dashboard_panels_do_not_overlap_on_the_24_column_grid()
    {
        var taken = new Dictionary<(int X, int Y), string>();
        foreach (var panel in Dashboard().GetProperty("panels").EnumerateArray())
        {
            var grid = panel.GetProperty("gridPos");
            int x = grid.GetProperty("x").GetInt32(), y = grid.GetProperty("y").GetInt32(), w = grid.GetProperty("w").GetInt32(), h = grid.GetProperty("h").GetInt32();
            var title = panel.GetProperty("title").GetString()!;
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"'{title}' does not fit the grid");
            for (var i = x; i < x + w; i++)
            {
                for (var j = y; j < y + h; j++)
                    Assert.True(taken.TryAdd((i, j), title), $"'{title}' overlaps '{taken.GetValueOrDefault((i, j))}'");
            }
        }
    }

    [Fact]
    public void Dashboard_repeats_a_row_per_region_with_capacity_breakers_and_ejections()
    {
        var dashboard = Dashboard();
        var region = Assert.Single(Panels(dashboard), p => p.GetProperty("type").GetString() == "row" && p.TryGetProperty("repeat", out var r) && r.GetString() == "region");
        Assert.Contains(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("name").GetString() == "region");

        // The panels after the repeated row (up to the next row) are the ones repeated per region.
        var all = dashboard.GetProperty("panels").EnumerateArray().ToList();
        var start = all.FindIndex(p => p.GetProperty("id").GetInt32() == region.GetProperty("id").GetInt32());
        var inRow = all.Skip(start + 1).TakeWhile(p => p.GetProperty("type").GetString() != "row")
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();
        foreach (var metric in new[] { "dify_client_region_healthy_capacity", "dify_client_endpoint_breaker_state", "dify_client_endpoint_ejected", "dify_client_attempts_total" })
            Assert.Contains(inRow, e => e.Contains(metric, StringComparison.Ordinal) && e.Contains("$region", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_metric_the_dashboard_reads_is_exported_by_the_sdk()
    {
        var series = await PrometheusExposition.SdkSeriesAsync();
        var expressions = Expressions();

        Assert.True(expressions.Count >= 30, $"{expressions.Count} expressions");
        Assert.Empty(PromQl.Unknown(expressions, series));
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_promql()
    {
        // promtool checks PromQL in rule files: each query becomes a recording rule, Grafana's variables replaced by values.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var i = 0;
        foreach (var (_, expression) in Expressions())
        {
            var promql = expression.Replace("$__rate_interval", "5m", StringComparison.Ordinal);
            promql = Variable().Replace(promql, ".*");
            rules.Append("      - record: dashboard:query").Append(i++).Append("\n        expr: ").Append(JsonSerializer.Serialize(promql)).Append('\n');
        }

        var folder = Promtool.TempFolderWith("dashboard.rules.yml", rules.ToString());
        try
        {
            var (exitCode, output) = await Promtool.RunAsync(folder, "check", "rules", "dashboard.rules.yml");

            Assert.True(exitCode == 0, output);
            Assert.Contains($"SUCCESS: {i} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"^label_values\((?<series>.+),\s*\w+\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variable();
}
