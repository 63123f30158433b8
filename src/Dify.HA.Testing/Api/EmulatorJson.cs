using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Api;

/// <summary>
/// JSON settings of the emulator. Bodies are built as <see cref="JsonNode"/> trees (no reflection, trimming-safe) and
/// written compact, as Dify's stream frames are.
/// </summary>
internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // Dify sends UTF-8 text as is; escaping only what JSON requires keeps frames byte-comparable with real ones.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject ParseObject(string json) => JsonNode.Parse(json) as JsonObject ?? [];
}
