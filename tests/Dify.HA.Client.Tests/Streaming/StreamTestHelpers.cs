using System.Text;
using System.Text.Json;

namespace Dify.HA.Client.Tests.Streaming;

/// <summary>Fixtures of the contract and helpers to read streams in tests.</summary>
internal static class StreamTestHelpers
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "contract", "fixtures", name);

    public static string ReadFixture(string name) => File.ReadAllText(FixturePath(name));

    /// <summary>
    /// Re-frames a docs example as the server frames it (the contract README's caveat): every <c>data:</c> value (one
    /// line, several events on a line, or pretty-printed JSON over many lines) becomes <c>data: &lt;compact JSON&gt;</c>
    /// plus a blank line, and every <c>event: ping</c> becomes a ping frame.
    /// </summary>
    public static string Reframe(string docs)
    {
        var bytes = Encoding.UTF8.GetBytes(docs);
        var output = new StringBuilder();
        var i = 0;
        while (i < bytes.Length)
        {
            var rest = bytes.AsSpan(i);
            if (rest.StartsWith("event: ping"u8))
            {
                output.Append("event: ping\n\n");
                i += "event: ping".Length;
                continue;
            }

            if (rest.StartsWith("data:"u8))
            {
                i += 5;
                while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\n' or (byte)'\r') i++;
                var reader = new Utf8JsonReader(bytes.AsSpan(i), new JsonReaderOptions { AllowMultipleValues = true });
                using var document = JsonDocument.ParseValue(ref reader);
                output.Append("data: ").Append(JsonSerializer.Serialize(document.RootElement)).Append("\n\n");
                i += (int)reader.BytesConsumed;
                continue;
            }

            i++;
        }

        return output.ToString();
    }

    public static async Task<List<DifyStreamEvent>> ReadAllAsync(Stream stream, DifyStreamReadOptions? options = null)
    {
        var events = new List<DifyStreamEvent>();
        await foreach (var e in DifySseReader.ReadEventsAsync(stream, options ?? new DifyStreamReadOptions(), CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    public static Task<List<DifyStreamEvent>> ReadAllAsync(string wire, int chunkSize = int.MaxValue, DifyStreamReadOptions? options = null)
        => ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(wire), chunkSize), options);

    public static Task<List<DifyStreamEvent>> ReadAllAsync(byte[] wire, int chunkSize = int.MaxValue, DifyStreamReadOptions? options = null)
        => ReadAllAsync(new ChunkedStream(wire, chunkSize), options);

    public static IAsyncEnumerable<DifyStreamEvent> Events(string wire, int chunkSize = int.MaxValue)
        => DifySseReader.ReadEventsAsync(new ChunkedStream(Encoding.UTF8.GetBytes(wire), chunkSize), new DifyStreamReadOptions(), CancellationToken.None);

    public static DateTimeOffset Unix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);
}
