using System.Globalization;
using System.Text;
using Dify.HA.Demo.Load;
using Dify.HA.Demo.Script;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Dify.HA.Demo.Display;

/// <summary>
/// Draws one frame of the live view (phase, regions and endpoints, load figures), or the same as one plain line for
/// --no-live and redirected output. Stateless: every frame is computed from the views and the recorder.
/// </summary>
internal sealed class Dashboard
{
    private readonly string _client;
    private readonly FaultScript _script;
    private readonly LoadRecorder _recorder;
    private readonly IHealthView _health;

    public Dashboard(string client, FaultScript script, LoadRecorder recorder, IHealthView health)
    {
        _client = client;
        _script = script;
        _recorder = recorder;
        _health = health;
    }

    public IRenderable Render()
    {
        var load = _recorder.Snapshot();
        var regions = _health.Read();
        var phase = PhaseText();

        var table = new Table().Border(TableBorder.Rounded).Title($"[grey]{Markup.Escape(_health.Title)}[/]")
            .AddColumn("region").AddColumn("priority").AddColumn("capacity").AddColumn("endpoints").AddColumn(new TableColumn("traffic/s").RightAligned());
        foreach (var region in regions)
        {
            var endpoints = string.Join("  ", region.Endpoints.Select(e => $"[{Colour(e.Mood)}]{Markup.Escape(e.Id)} {Markup.Escape(e.State)}[/]"));
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(region.Name)}[/]"),
                new Text(region.Priority == 0 ? "0 (primary)" : region.Priority.ToString(CultureInfo.InvariantCulture)),
                new Markup(region.Capacity is { } c ? $"[{(c >= 0.7 ? "green" : c > 0 ? "yellow" : "red")}]{c:P0}[/]" : "[grey]—[/]"),
                new Markup(endpoints),
                new Text(region.AttemptsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)));
        }

        var figures = new Grid().AddColumns(6)
            .AddRow("[grey]requests/s[/]", "[grey]success (5 s)[/]", "[grey]success (all)[/]", "[grey]p99 (5 s)[/]", "[grey]failovers[/]", "[grey]in flight[/]")
            .AddRow(
                load.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                SuccessMarkup(load.RecentSuccess),
                SuccessMarkup(load.Success),
                load.RecentP99Ms is { } p99 ? $"{p99:0} ms" : "—",
                _health.Failovers?.ToString(CultureInfo.InvariantCulture) ?? "[grey]n/a[/]",
                load.InFlight.ToString(CultureInfo.InvariantCulture));

        return new Rows(
            new Markup($"[bold underline]{Markup.Escape(_client)}[/]   [yellow]{Markup.Escape(phase)}[/]"),
            table,
            figures,
            Text.Empty);
    }

    /// <summary>The plain-text frame: one line, for logs and CI.</summary>
    public string Line()
    {
        var load = _recorder.Snapshot();
        var line = new StringBuilder();
        var i = _script.Current;
        var phase = i < 0 ? "starting" : i >= _script.Phases.Count ? "done" : _script.Phases[i].Name;
        line.Append(CultureInfo.InvariantCulture, $"[{_recorder.NowMs / 1000,5:0.0} s] {_client,-7} {phase,-12} {load.RequestsPerSecond,4:0.0} req/s");
        line.Append(CultureInfo.InvariantCulture, $"  ok {Percent(load.RecentSuccess),6} (5 s) {Percent(load.Success),6} (all)");
        line.Append(CultureInfo.InvariantCulture, $"  p99 {(load.RecentP99Ms is { } p ? $"{p:0} ms" : "—"),6}");
        if (_health.Failovers is { } f)
            line.Append(CultureInfo.InvariantCulture, $"  failovers {f}");
        line.Append(" |");
        foreach (var region in _health.Read())
            line.Append(CultureInfo.InvariantCulture, $" {region.Name} {region.AttemptsPerSecond:0.0}/s [{string.Join(" ", region.Endpoints.Select(e => e.Short))}]");

        return line.ToString();
    }

    public static string Percent(double? ratio) => ratio is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "—";

    private string PhaseText()
    {
        var i = _script.Current;
        if (i < 0)
            return "starting";
        if (i >= _script.Phases.Count)
            return "done";
        var phase = _script.Phases[i];
        return $"phase {i + 1}/{_script.Phases.Count} {phase.Name}: {phase.Description}";
    }

    private static string SuccessMarkup(double? ratio) => ratio switch
    {
        null => "—",
        >= 0.99 => $"[green]{Percent(ratio)}[/]",
        >= 0.9 => $"[yellow]{Percent(ratio)}[/]",
        _ => $"[red]{Percent(ratio)}[/]",
    };

    private static string Colour(EndpointMood mood) => mood switch
    {
        EndpointMood.Good => "green",
        EndpointMood.Recovering => "yellow",
        EndpointMood.Bad => "red",
        _ => "grey",
    };
}
