using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Dify.HA.Data.Tasks.Internals;

/// <summary>Payload JSON: the queue's source-generated type info, else reflection with snake_case names.</summary>
internal static class TaskJson
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static JsonTypeInfo<T> TypeInfo<T>(TaskQueueOptions options) =>
        options.JsonTypeInfo as JsonTypeInfo<T> ?? (JsonTypeInfo<T>)Reflection.GetTypeInfo(typeof(T));
}
