using System.Globalization;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Tests.Lab;

namespace Dify.HA.Data.Tests.Redis;

/// <summary>
/// What the Redis lab tests need from the lab: options pointing at it, and its eng/lab scripts (kill, restart, heal)
/// run as child processes. Reads ports and the password from the lab env file only.
/// </summary>
internal sealed class RedisLab
{
    private RedisLab(LabEnvironment env)
    {
        Env = env;
        Password = env["REDIS_PASSWORD"];
        ServiceName = env["REDIS_SERVICE_NAME"];
        DownAfter = TimeSpan.FromMilliseconds(env.GetInt("REDIS_DOWN_AFTER_MS"));
        SentinelPorts = Ports(env["REDIS_SENTINEL_PORTS"]);
        ClusterPorts = Ports(env["REDIS_CLUSTER_PORTS"]);
        DataPorts = [env.GetInt("REDIS_NODE_A_PORT"), env.GetInt("REDIS_NODE_B_PORT")];
    }

    public LabEnvironment Env { get; }

    public string Password { get; }

    public string ServiceName { get; }

    public TimeSpan DownAfter { get; }

    public int[] SentinelPorts { get; }

    public int[] ClusterPorts { get; }

    public int[] DataPorts { get; }

    public static RedisLab Load() => new(LabEnvironment.Load());

    public RedisConnectionOptions SentinelOptions(Action<RedisConnectionOptions>? configure = null)
    {
        var options = new RedisConnectionOptions
        {
            Mode = RedisConnectionMode.Sentinel,
            ServiceName = ServiceName,
            Password = Password,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            CommandTimeout = TimeSpan.FromSeconds(2),
            RetryTimeout = TimeSpan.FromSeconds(15),
        };
        foreach (var port in SentinelPorts) options.SentinelEndpoints.Add($"127.0.0.1:{port}");
        configure?.Invoke(options);
        return options;
    }

    public RedisConnectionOptions ClusterOptions()
    {
        var options = new RedisConnectionOptions
        {
            Mode = RedisConnectionMode.Cluster,
            Password = Password,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            CommandTimeout = TimeSpan.FromSeconds(2),
            RetryTimeout = TimeSpan.FromSeconds(20),
        };
        foreach (var port in ClusterPorts) options.Endpoints.Add($"127.0.0.1:{port}");
        return options;
    }

    /// <summary>Runs eng/lab/NAME with arguments through <see cref="LabControl"/> (which points it at this lab);
    /// returns its output, throws with it on failure.</summary>
    public static async Task<string> RunAsync(string script, params string[] args)
        => (await LabControl.RunAsync(script, args)).Output;

    /// <summary>Parses the <c>key=value</c> words of a script's last output line.</summary>
    public static Dictionary<string, string> Words(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>The data node's port that is master now, per eng/lab/redis-status.</summary>
    public static async Task<int> MasterPortAsync()
    {
        var status = await RunAsync("redis-status");
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("redis-", StringComparison.Ordinal) && line.Contains("role=master", StringComparison.Ordinal))
            {
                return int.Parse(Words(line)["port"], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no Redis master in eng/lab/redis-status:\n" + status);
    }

    public static string NodeOfPort(RedisLab lab, int port) => port == lab.DataPorts[0] ? "a" : "b";

    private static int[] Ports(string csv) =>
        csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
}
