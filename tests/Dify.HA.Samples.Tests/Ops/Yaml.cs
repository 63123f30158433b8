using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>Untyped YAML reading (maps, lists, scalars) for the kit's Prometheus and Kubernetes files.</summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of a (multi-document) YAML text; empty documents are skipped.</summary>
    public static List<Dictionary<object, object>> Documents(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document) documents.Add(document);
        }

        return documents;
    }

    public static Dictionary<object, object> Single(string path) => Assert.Single(Documents(File.ReadAllText(path)));

    public static Dictionary<object, object> Map(this Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is Dictionary<object, object> child ? child : throw new Xunit.Sdk.XunitException($"'{key}' is not a map (keys: {string.Join(", ", map.Keys)})");

    public static List<object> List(this Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object> child ? child : throw new Xunit.Sdk.XunitException($"'{key}' is not a list (keys: {string.Join(", ", map.Keys)})");

    public static IEnumerable<Dictionary<object, object>> Maps(this Dictionary<object, object> map, string key) => map.List(key).Cast<Dictionary<object, object>>();

    public static string? Text(this Dictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value?.ToString() : null;

    public static Dictionary<object, object>? MapOrNull(this Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) ? value as Dictionary<object, object> : null;
}
