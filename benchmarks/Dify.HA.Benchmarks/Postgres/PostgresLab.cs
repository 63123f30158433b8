namespace Dify.HA.Benchmarks.Postgres;

/// <summary>The lab's env file (<c>/tmp/dha-lab/lab.env</c>, or <c>$DIFYHA_LAB_ENV</c>): ports and connection strings.</summary>
internal static class PostgresLab
{
    public static IReadOnlyDictionary<string, string> Load()
    {
        var path = Environment.GetEnvironmentVariable("DIFYHA_LAB_ENV") ?? "/tmp/dha-lab/lab.env";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The HA lab is not running ('{path}' is missing): start it with eng/lab/up.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || eq <= 0) continue;
            values[line[..eq]] = line[(eq + 1)..].Trim('"');
        }

        return values;
    }
}
