using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dify.HA.WebApi.Health;

/// <summary>
/// Writes a health report as JSON: <c>{"status","durationMs","checks":[{"name","status","description","durationMs",
/// "tags","data","error"}]}</c>. An exception is shown by its type only: a driver's message may hold a host name or a
/// connection string, and this endpoint is often reachable without authentication.
/// </summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null) json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteStartArray("tags");
            foreach (var tag in entry.Tags) json.WriteStringValue(tag);
            json.WriteEndArray();
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data) WriteValue(json, key, value);
                json.WriteEndObject();
            }
            if (entry.Exception is not null) json.WriteString("error", entry.Exception.GetType().Name);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(key); break;
            case bool b: json.WriteBoolean(key, b); break;
            case int i: json.WriteNumber(key, i); break;
            case long l: json.WriteNumber(key, l); break;
            case double d: json.WriteNumber(key, d); break;
            case float f: json.WriteNumber(key, f); break;
            case decimal m: json.WriteNumber(key, m); break;
            case TimeSpan t: json.WriteString(key, t.ToString("c", System.Globalization.CultureInfo.InvariantCulture)); break;
            case IFormattable formattable: json.WriteString(key, formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: json.WriteString(key, value.ToString()); break;
        }
    }
}
