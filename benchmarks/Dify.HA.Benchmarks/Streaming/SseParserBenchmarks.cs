using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Dify.HA.Client;
using Dify.HA.Client.Streaming;
using Dify.HA.Client.Streaming.Internal;

namespace Dify.HA.Benchmarks.Streaming;

/// <summary>
/// Parsing a 2,000-event Dify stream: our reader vs the inbox <see cref="SseParser"/> + System.Text.Json.
/// One operation = one whole stream; divide by 2,000 for per-event figures.
/// <list type="bullet">
/// <item><c>Baseline_SseParser_StjPolymorphic</c>: SseParser, each payload deserialized by STJ's own polymorphism
/// (discriminator <c>event</c>) over the same source-generated metadata: the best "library only" way.</item>
/// <item><c>SseParser_DifyDecoder</c>: SseParser framing + our event decoder (what "building on SseParser" would give).</item>
/// <item><c>DifySseReader</c>: our reader (own framing + decoder), as the client uses it.</item>
/// <item><c>Floor_DecodeOnly</c>: the decoder over pre-split payloads, no framing, no stream: the allocations of the
/// event objects themselves. Reader overhead per event = (DifySseReader − Floor) / 2,000.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SseParserBenchmarks
{
    private const int Events = 2000;

    private static readonly JsonTypeInfo<DifyStreamEvent> Polymorphic = CreatePolymorphicTypeInfo();

    private byte[] _wire = [];
    private byte[][] _payloads = [];
    private NetworkChunkedStream _stream = null!;

    /// <summary>Which stream.</summary>
    [Params("chat", "workflow")]
    public string Stream { get; set; } = "chat";

    /// <summary>Bytes a read returns: 1,460 (one TCP segment) or 65,536 (a MemoryStream-like large read).</summary>
    [Params(1460, 65536)]
    public int ReadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _wire = Stream == "chat" ? StreamCorpus.Chat(Events) : StreamCorpus.Workflow(Events);
        _stream = new NetworkChunkedStream(_wire, ReadSize);
        _payloads = System.Text.Encoding.UTF8.GetString(_wire)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f.StartsWith("data: ", StringComparison.Ordinal))
            .Select(f => System.Text.Encoding.UTF8.GetBytes(f[6..]))
            .ToArray();
        if (_payloads.Length != Events) throw new InvalidOperationException($"Corpus has {_payloads.Length} events, expected {Events}.");

        // The variants must agree before they are timed.
        var counts = new[] { Baseline_SseParser_StjPolymorphic().AsTask().Result, SseParser_DifyDecoder().AsTask().Result, DifySseReader().AsTask().Result, Floor_DecodeOnly() };
        if (counts.Any(c => c != Events)) throw new InvalidOperationException($"Variants disagree: {string.Join(", ", counts)}.");

        // ...and produce the same events, field for field (records compare by value; JSON elements by reference, so
        // compare the decoded events' printed form).
        foreach (var payload in _payloads.Take(50).Concat(_payloads.TakeLast(3)))
        {
            DifyEventDecoder.Decode(payload, out var ours, out _);
            var theirs = JsonSerializer.Deserialize(payload, Polymorphic);
            if (ours?.GetType() != theirs?.GetType() || Printable(ours) != Printable(theirs))
                throw new InvalidOperationException($"Baseline and decoder disagree on {System.Text.Encoding.UTF8.GetString(payload)}:\n{ours}\n{theirs}");
        }
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> Baseline_SseParser_StjPolymorphic()
    {
        _stream.Reset();
        var count = 0;
        var parser = SseParser.Create(_stream, static (_, data) => data.IsEmpty ? null : JsonSerializer.Deserialize(data, Polymorphic));
        await foreach (var item in parser.EnumerateAsync())
        {
            if (item.Data is not null) count++;
        }

        return count;
    }

    [Benchmark]
    public async ValueTask<int> SseParser_DifyDecoder()
    {
        _stream.Reset();
        var count = 0;
        var parser = SseParser.Create(_stream, static (eventType, data) =>
        {
            DifyEventDecoder.Decode(data, out var e, out _);
            return e;
        });
        await foreach (var item in parser.EnumerateAsync())
        {
            if (item.Data is not null) count++;
        }

        return count;
    }

    [Benchmark]
    public async ValueTask<int> DifySseReader()
    {
        _stream.Reset();
        var count = 0;
        await foreach (var e in Client.DifySseReader.ReadEventsAsync(_stream, DifyStreamReadOptions.Default, CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    [Benchmark]
    public int Floor_DecodeOnly()
    {
        var count = 0;
        foreach (var payload in _payloads)
        {
            if (DifyEventDecoder.Decode(payload, out var e, out _) == DifyEventDecoder.Outcome.Event && e is not null) count++;
        }

        return count;
    }

    private static string Printable(DifyStreamEvent? e) => e switch
    {
        null => "null",
        MessageEvent m => $"{m.Event}|{m.TaskId}|{m.MessageId}|{m.ConversationId}|{m.Answer}|{m.Id}|{m.CreatedAt}",
        MessageEndEvent m => $"{m.Event}|{m.TaskId}|{m.Id}|{m.Metadata?.Usage}|{m.Metadata?.RetrieverResources?.Count}",
        TextChunkEvent t => $"{t.Event}|{t.TaskId}|{t.WorkflowRunId}|{t.Data?.Text}|{string.Join("/", t.Data?.FromVariableSelector ?? [])}",
        NodeStartedEvent n => $"{n.Event}|{n.TaskId}|{n.Data?.NodeId}|{n.Data?.Title}|{n.Data?.CreatedAt}",
        NodeFinishedEvent n => $"{n.Event}|{n.TaskId}|{n.Data?.NodeId}|{n.Data?.Status}|{n.Data?.Outputs?.Count}|{n.Data?.ExecutionMetadata?.Count}",
        WorkflowStartedEvent w => $"{w.Event}|{w.TaskId}|{w.WorkflowRunId}|{w.Data?.Id}|{w.Data?.Inputs?.Count}",
        WorkflowFinishedEvent w => $"{w.Event}|{w.TaskId}|{w.WorkflowRunId}|{w.Data?.Status}|{w.Data?.Outputs?.Count}|{w.Data?.TotalTokens}",
        _ => e.ToString(),
    };

    private static JsonTypeInfo<DifyStreamEvent> CreatePolymorphicTypeInfo()
    {
        var derived = typeof(DifyStreamEvent).Assembly.GetTypes()
            .Where(t => t.IsSealed && t.IsSubclassOf(typeof(DifyStreamEvent)) && t != typeof(UnknownEvent))
            .ToArray();
        var resolver = DifyStreamJsonContext.Default.WithAddedModifier(info =>
        {
            if (info.Type == typeof(DifyStreamEvent))
            {
                info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "event" };
                foreach (var type in derived)
                {
                    var name = (string)type.GetField("EventName")!.GetValue(null)!;
                    info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
                }
            }

            // The discriminator is metadata to STJ: the read-only Event property must not claim the same name.
            if (typeof(DifyStreamEvent).IsAssignableFrom(info.Type))
            {
                for (var i = info.Properties.Count - 1; i >= 0; i--)
                {
                    if (info.Properties[i].Name == "event") info.Properties.RemoveAt(i);
                }
            }
        });
        // Same settings as the context (snake_case, number handling, converters): only the resolver changes.
        var options = new JsonSerializerOptions(DifyStreamJsonContext.Default.Options)
        {
            TypeInfoResolver = resolver,
            AllowOutOfOrderMetadataProperties = true,
        };
        return (JsonTypeInfo<DifyStreamEvent>)options.GetTypeInfo(typeof(DifyStreamEvent));
    }
}
