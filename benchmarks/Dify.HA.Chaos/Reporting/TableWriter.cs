using System.Globalization;

namespace Dify.HA.Chaos.Reporting;

/// <summary>Prints the rows as a fixed-width table.</summary>
internal static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<ResultRow> rows)
    {
        string[] header = ["scenario", "client", "reqs", "success", "new ok", "p50 ms", "p99 ms", "p99 1st ev", "att/req", "dup gen", "failover ms", "failback s"];
        var lines = rows.Select(r => new[]
        {
            r.Scenario, r.Client, F(r.Requests), Pct(r.SuccessRate), Pct(r.SuccessRateStartedAfterFault), F(r.P50Ms, "0"), F(r.P99Ms, "0"),
            F(r.P99FirstEventMs, "0"), F(r.AttemptsPerRequest, "0.00"), F(r.DuplicateGenerations), F(r.FailoverMs, "0"), F(r.FailbackS, "0.0"),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, lines.Count == 0 ? 0 : lines.Max(l => l[i].Length))).ToArray();
        output.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
        output.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var line in lines)
            output.WriteLine(string.Join(" | ", line.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        foreach (var note in rows.Select(r => r.Note).OfType<string>().Distinct(StringComparer.Ordinal))
            output.WriteLine("note: " + note);
    }

    private static string Pct(double? share) => share is { } s ? F(s * 100, "0.0") + "%" : "—";

    private static string F(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
