using System.Globalization;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>Parses <c>host:port</c>, <c>host</c>, <c>[v6]:port</c> endpoint strings of the options.</summary>
internal static class RedisEndpointParser
{
    public static bool TryParse(string? value, int defaultPort, out string host, out int port)
    {
        host = string.Empty;
        port = defaultPort;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var text = value.Trim();

        // Characters of a configuration string mean someone pasted one (maybe with a password) into an endpoint.
        if (text.AsSpan().IndexOfAny(",= /") >= 0) return false;

        string portText;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 2) return false;
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length == 0) return true;
            if (rest[0] != ':') return false;
            portText = rest[1..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                host = text;
                return true;
            }

            // A bare IPv6 address without brackets is ambiguous: refuse it.
            if (text.IndexOf(':', StringComparison.Ordinal) != colon) return false;
            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        return host.Length > 0
            && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535;
    }
}
