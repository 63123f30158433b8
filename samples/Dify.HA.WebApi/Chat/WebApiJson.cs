using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dify.HA.WebApi.Chat;

/// <summary>The page's JSON contract (camelCase: it is read by JavaScript), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatChunk))]
[JsonSerializable(typeof(ChatDone))]
[JsonSerializable(typeof(ChatError))]
internal sealed partial class WebApiJson : JsonSerializerContext;
