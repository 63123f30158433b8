using System.Text.Json.Serialization;

namespace Dify.HA.WorkerService;

/// <summary>Source-generated JSON for the task payload and the effect-once step result (snake_case, as the SDK).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IndexDocument))]
[JsonSerializable(typeof(UpsertStep))]
public sealed partial class WorkerJson : JsonSerializerContext;
