namespace Dify.HA.Data.Tests.Lab;

/// <summary>
/// What <c>eng/lab/up</c> wrote to its env file (<c>$DIFYHA_LAB_ENV</c>, default <c>/tmp/dha-lab/lab.env</c>):
/// plain <c>KEY=value</c> lines. Lab-backed tests read ports and connection strings from here only.
/// </summary>
public sealed class LabEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _values;

    private LabEnvironment(IReadOnlyDictionary<string, string> values, string path)
    {
        _values = values;
        FilePath = path;
    }

    /// <summary>The env file this was read from.</summary>
    public string FilePath { get; }

    /// <summary>The env file's path: <c>$DIFYHA_LAB_ENV</c>, else <c>$DIFYHA_LAB_DIR/lab.env</c>, else <c>/tmp/dha-lab/lab.env</c>.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("DIFYHA_LAB_ENV")
        ?? Path.Combine(Environment.GetEnvironmentVariable("DIFYHA_LAB_DIR") ?? "/tmp/dha-lab", "lab.env");

    /// <summary>Reads the lab's env file, failing with a message that says how to start the lab.</summary>
    public static LabEnvironment Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The HA lab is not running: '{path}' does not exist. Run the tests with eng/test.sh, " +
                "or start the lab with eng/lab/up first.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var value = line[(eq + 1)..];
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            values[line[..eq]] = value;
        }

        return new LabEnvironment(values, path);
    }

    /// <summary>A value by key; throws naming the key and the file when it is missing.</summary>
    public string this[string key] =>
        _values.TryGetValue(key, out var v)
            ? v
            : throw new KeyNotFoundException($"'{key}' is not in the lab env file '{FilePath}'.");

    /// <summary>A value by key, or null.</summary>
    public string? GetOrNull(string key) => _values.GetValueOrDefault(key);

    /// <summary>An integer value by key (ports).</summary>
    public int GetInt(string key) => int.Parse(this[key], System.Globalization.CultureInfo.InvariantCulture);
}
