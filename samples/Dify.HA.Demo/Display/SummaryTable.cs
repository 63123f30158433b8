using System.Globalization;
using Spectre.Console;

namespace Dify.HA.Demo.Display;

/// <summary>The final table: one row per client, side by side, over the same script.</summary>
internal static class SummaryTable
{
    public static Table Build(IReadOnlyList<RunResult> results, bool emulated)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]")
            .AddColumn("client")
            .AddColumn(new TableColumn("requests").RightAligned())
            .AddColumn(new TableColumn("success").RightAligned());
        if (emulated)
            table.AddColumn(new TableColumn("ok while primary down").RightAligned());
        table.AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("failovers").RightAligned());
        if (emulated)
            table.AddColumn(new TableColumn("dup. generations").RightAligned());

        foreach (var r in results)
        {
            var cells = new List<string>
            {
                Markup.Escape(r.Client),
                r.Requests.ToString(CultureInfo.InvariantCulture),
                Dashboard.Percent(r.Success),
            };
            if (emulated)
                cells.Add(Dashboard.Percent(r.SuccessWhilePrimaryDown));
            cells.Add(Ms(r.P50Ms));
            cells.Add(Ms(r.P99Ms));
            cells.Add(r.Failovers?.ToString(CultureInfo.InvariantCulture) ?? "—");
            if (emulated)
                cells.Add(r.DuplicateGenerations?.ToString(CultureInfo.InvariantCulture) ?? "—");
            table.AddRow([.. cells]);
        }

        return table;
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "—";
}
