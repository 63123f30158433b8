using System.Text.Json.Serialization;

namespace Dify.HA.Data.Tasks.Redis.Internals;

/// <summary>Source-generated JSON for the error history stored in task hashes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(StoredTaskError))]
internal sealed partial class RedisTaskJsonContext : JsonSerializerContext;
