using System.Text.RegularExpressions;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>
/// Finds the metric names a PromQL expression reads. Not a PromQL parser (promtool checks the syntax): it removes what
/// cannot be a metric name (strings, label matchers, ranges, <c>by (…)</c>/<c>on (…)</c> label lists, Grafana variables,
/// numbers and durations), and every identifier left that is not a keyword or followed by <c>(</c> (a function) is a
/// metric name. So a misspelt or invented metric in a rule or panel is reported instead of silently matching nothing.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "inf", "nan", "Inf", "NaN",
        "by", "without", "on", "ignoring", "group_left", "group_right", // without a label list after them
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var s = StringLiteral().Replace(expression, " ");
        s = Comment().Replace(s, " ");
        s = Matchers().Replace(s, " ");
        s = Ranges().Replace(s, " ");
        s = LabelLists().Replace(s, " ");
        s = GrafanaVariable().Replace(s, " ");
        return Identifier().Matches(s)
            .Where(m => !m.Groups["call"].Success && !Keywords.Contains(m.Groups["name"].Value))
            .Select(m => m.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names the expressions read that are not among <paramref name="known"/>, with the expression each
    /// came from.</summary>
    public static List<string> Unknown(IEnumerable<(string Where, string Expression)> expressions, IReadOnlySet<string> known) =>
        [.. expressions.SelectMany(e => MetricNames(e.Expression).Where(n => !known.Contains(n)).Select(n => $"{n} (in {e.Where}: {e.Expression.Trim()})"))];

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("#[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"(?<![\w.:])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
