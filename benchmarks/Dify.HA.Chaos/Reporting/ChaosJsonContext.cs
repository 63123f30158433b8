using System.Text.Json.Serialization;

namespace Dify.HA.Chaos.Reporting;

/// <summary>Source-generated JSON for the <c>--json</c> output (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<ResultRow>))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;
