using System.Text;

namespace Dify.HA.Client.Api;

/// <summary>Builds relative paths with escaped segments and query values (nulls are left out).</summary>
internal static class DifyPath
{
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string WithQuery(string path, params ReadOnlySpan<(string Name, string? Value)> query)
    {
        var builder = new StringBuilder(path);
        var first = true;
        foreach (var (name, value) in query)
        {
            if (value is null) continue;
            builder.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }
        return builder.ToString();
    }

    public static string? Bool(bool value) => value ? "true" : "false";

    public static string Int(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
