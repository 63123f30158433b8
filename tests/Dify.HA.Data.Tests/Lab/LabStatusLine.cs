using System.Globalization;

namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// One line of a status helper's output: a name and <c>key=value</c> words, e.g.
/// <c>pg-b port=15401 pid=456 role=standby replication=streaming</c>. <c>-</c> and empty values read as missing.
/// </summary>
public sealed class LabStatusLine
{
    private readonly Dictionary<string, string> _values;

    private LabStatusLine(string name, Dictionary<string, string> values)
    {
        Name = name;
        _values = values;
    }

    /// <summary>The first word (<c>pg-a</c>, <c>redis-b</c>, <c>sentinel-2</c>, <c>cluster-4</c>).</summary>
    public string Name { get; }

    /// <summary>Parses a line.</summary>
    public static LabStatusLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words.Skip(1))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) values[word[..eq]] = word[(eq + 1)..];
        }

        return new LabStatusLine(words.Length > 0 ? words[0] : "", values);
    }

    /// <summary>A value, or null when it is absent, empty or <c>-</c>.</summary>
    public string? Get(string key) =>
        _values.TryGetValue(key, out var v) && v.Length > 0 && v != "-" ? v : null;

    /// <summary>An integer value, or null.</summary>
    public int? GetInt(string key) =>
        int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <inheritdoc />
    public override string ToString() => Name + " " + string.Join(' ', _values.Select(kv => kv.Key + "=" + kv.Value));
}
