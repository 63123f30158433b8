using System.Text.Json.Serialization;

namespace Dify.HA.Benchmarks.Pipeline;

/// <summary>Source-generated snake_case JSON for the baselines, so they pay no reflection cost either.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PlainChatRequest))]
[JsonSerializable(typeof(PlainChatResponse))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class PlainJsonContext : JsonSerializerContext;
