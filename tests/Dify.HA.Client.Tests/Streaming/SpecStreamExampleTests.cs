using System.Text.Json;
using static Dify.HA.Client.Tests.Streaming.StreamTestHelpers;

namespace Dify.HA.Client.Tests.Streaming;

/// <summary>Every <c>text/event-stream</c> example of the OpenAPI spec (fixtures/openapi_service_examples.dify-docs.json).</summary>
public sealed class SpecStreamExampleTests
{
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        using var document = JsonDocument.Parse(ReadFixture("openapi_service_examples.dify-docs.json"));
        foreach (var operation in document.RootElement.EnumerateObject())
        {
            foreach (var status in operation.Value.EnumerateObject())
            {
                foreach (var contentType in status.Value.EnumerateObject())
                {
                    if (!contentType.Name.Contains("event-stream", StringComparison.Ordinal)) continue;
                    foreach (var example in contentType.Value.EnumerateObject())
                    {
                        data.Add($"{operation.Name} {status.Name} {example.Name}", example.Value.GetString()!);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_spec_stream_example_parses_into_known_typed_events_ending_with_a_terminal_event(string name, string example)
    {
        var wire = Reframe(example);
        var expected = wire.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => JsonDocument.Parse(frame["data: ".Length..]).RootElement.GetProperty("event").GetString())
            .ToList();

        var events = await ReadAllAsync(wire);

        Assert.True(expected.Count > 0, name);
        Assert.Equal(expected, events.Select(e => e.Event));
        Assert.DoesNotContain(events, e => e is UnknownEvent);
        Assert.Contains(events, e => e is MessageEndEvent or WorkflowFinishedEvent or WorkflowPausedEvent);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.TaskId), $"{name}: {e.Event} has no task_id"));
    }
}
