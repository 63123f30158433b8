namespace Dify.HA.TaskWorker.TestHost;

/// <summary>What the child needs, passed by environment variables (never on the command line: the password).</summary>
public sealed record KillTestSettings(string[] Sentinels, string ServiceName, string Password, string KeyPrefix, string Queue, TimeSpan Lease)
{
    public const string Prefix = "DHA_KILLTEST_";

    public static KillTestSettings FromEnvironment() => new(
        Get("SENTINELS").Split(',', StringSplitOptions.RemoveEmptyEntries),
        Get("SERVICE"),
        Get("PASSWORD"),
        Get("KEY_PREFIX"),
        Get("QUEUE"),
        TimeSpan.FromMilliseconds(int.Parse(Get("LEASE_MS"), System.Globalization.CultureInfo.InvariantCulture)));

    public IDictionary<string, string> ToEnvironment() => new Dictionary<string, string>
    {
        [Prefix + "SENTINELS"] = string.Join(',', Sentinels),
        [Prefix + "SERVICE"] = ServiceName,
        [Prefix + "PASSWORD"] = Password,
        [Prefix + "KEY_PREFIX"] = KeyPrefix,
        [Prefix + "QUEUE"] = Queue,
        [Prefix + "LEASE_MS"] = ((int)Lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(Prefix + name) ?? throw new InvalidOperationException($"{Prefix}{name} is not set.");
}
