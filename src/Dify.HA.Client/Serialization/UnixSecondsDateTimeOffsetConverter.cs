using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dify.HA.Client.Serialization;

/// <summary>
/// Dify sends times as unix seconds (an integer, sometimes a float, occasionally a numeric string);
/// we expose them as <see cref="DateTimeOffset"/> in UTC and write them back as integer seconds.
/// </summary>
internal sealed class UnixSecondsDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var seconds)) return DateTimeOffset.FromUnixTimeSeconds(seconds);
                return DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000));
            case JsonTokenType.String:
                ReadOnlySpan<byte> span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (Utf8Parser.TryParse(span, out long s, out var consumed) && consumed == span.Length)
                    return DateTimeOffset.FromUnixTimeSeconds(s);
                if (Utf8Parser.TryParse(span, out double d, out consumed) && consumed == span.Length)
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)(d * 1000));
                // Some Dify endpoints (e.g. workflow logs) send ISO-8601 strings.
                return reader.GetDateTimeOffset();
            default:
                throw new JsonException($"Expected unix seconds (a number) but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteNumberValue(value.ToUnixTimeSeconds());
}

/// <summary>The nullable form of <see cref="UnixSecondsDateTimeOffsetConverter"/> (<c>null</c> stays null).</summary>
internal sealed class NullableUnixSecondsDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly UnixSecondsDateTimeOffsetConverter Inner = new();

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else Inner.Write(writer, value.Value, options);
    }
}
