using System.Globalization;

namespace Dify.HA.Data.Tests.Redis;

/// <summary>Reads the killed node's port out of eng/lab/redis-kill-master's words (<c>port=</c>), or -1.</summary>
internal static class RedisLabPorts
{
    public static int Of(Dictionary<string, string> words) =>
        words.TryGetValue("port", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : -1;
}
