using System.Globalization;
using Dify.HA.Data.Redis;

namespace Dify.HA.Benchmarks.Redis;

/// <summary>Reads the lab's env file (<c>$DIFYHA_LAB_ENV</c>, default <c>/tmp/dha-lab/lab.env</c>) for the Redis benchmarks.</summary>
internal static class RedisLabSettings
{
    public static RedisConnectionOptions SentinelOptions()
    {
        var path = Environment.GetEnvironmentVariable("DIFYHA_LAB_ENV") ?? "/tmp/dha-lab/lab.env";
        if (!File.Exists(path)) throw new InvalidOperationException($"The HA lab is not running ('{path}' does not exist): start it with eng/lab/up.");
        var values = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('"')))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var options = new RedisConnectionOptions
        {
            Mode = RedisConnectionMode.Sentinel,
            ServiceName = values["REDIS_SERVICE_NAME"],
            Password = values["REDIS_PASSWORD"],
        };
        foreach (var port in values["REDIS_SENTINEL_PORTS"].Split(','))
        {
            options.SentinelEndpoints.Add("127.0.0.1:" + int.Parse(port, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        return options;
    }
}
