using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// Splits a document's text into segments like Dify's general chunker, simplified: split on the separator of the
/// process rule (custom mode; default a blank line), then cut pieces longer than <c>max_tokens</c> characters (default
/// 500). Hierarchical documents get child chunks: the parent split on single line breaks and sentence ends.
/// </summary>
internal static class TextSplitter
{
    public static List<string> Segments(string text, JsonObject? processRule)
    {
        var separator = "\n\n";
        var max = 500;
        if (processRule?["rules"]?["segmentation"] is JsonObject segmentation)
        {
            if (segmentation["separator"] is JsonValue sep && sep.TryGetValue<string>(out var s) && s.Length > 0)
                separator = s.Replace("\\n", "\n", StringComparison.Ordinal);
            if (segmentation["max_tokens"] is JsonValue m && m.TryGetValue<int>(out var tokens) && tokens > 0)
                max = tokens;
        }

        var result = new List<string>();
        foreach (var piece in text.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            for (var at = 0; at < piece.Length; at += max)
                result.Add(piece.Substring(at, Math.Min(max, piece.Length - at)).Trim());
        }

        if (result.Count == 0)
            result.Add(text.Trim().Length == 0 ? "(empty)" : text.Trim());
        return result;
    }

    public static List<string> Children(string parent) =>
        [.. parent.Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length > 0)];

    /// <summary>Lower-case words (letters and digits) of a text: what keyword retrieval and segment keywords use.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
                start = i;
            else if (!letter && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    public static List<string> Keywords(string content) =>
        [.. Words(content).Where(w => w.Length > 3).Distinct(StringComparer.Ordinal).Take(10)];
}
