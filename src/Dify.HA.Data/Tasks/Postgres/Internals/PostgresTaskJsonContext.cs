using System.Text.Json.Serialization;

namespace Dify.HA.Data.Tasks.Postgres.Internals;

/// <summary>The error history as stored in the <c>errors</c> jsonb column (snake_case, source-generated).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TaskAttemptError[]))]
internal sealed partial class PostgresTaskJsonContext : JsonSerializerContext;
