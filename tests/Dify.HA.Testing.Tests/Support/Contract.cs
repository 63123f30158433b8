using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Tests.Support;

/// <summary>Dify's contract files (openapi_service.json and fixtures), found next to the tests or above them.</summary>
internal static class Contract
{
    private static readonly Lazy<string> Folder = new(FindFolder);
    private static readonly Lazy<JsonObject> SpecDocument = new(() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder.Value, "openapi_service.json")))!.AsObject());

    public static JsonObject Spec => SpecDocument.Value;

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(Folder.Value, "fixtures", name));

    /// <summary>The app Service API operations of the spec ("METHOD /path"), without the Knowledge API.</summary>
    public static IReadOnlyList<string> AppOperations()
    {
        var operations = new List<string>();
        foreach (var (path, item) in Spec["paths"]!.AsObject())
        {
            if (path.Contains("datasets", StringComparison.Ordinal) || path.Contains("workspaces", StringComparison.Ordinal) || path.Contains("rag", StringComparison.Ordinal))
                continue;
            foreach (var (method, _) in item!.AsObject())
            {
                if (method is "get" or "post" or "put" or "patch" or "delete")
                    operations.Add(method.ToUpperInvariant() + " " + path);
            }
        }

        return operations;
    }

    /// <summary>The Knowledge API operations of the spec ("METHOD /path"): the dataset-key routes.</summary>
    public static IReadOnlyList<string> KnowledgeOperations()
    {
        var app = AppOperations().ToHashSet(StringComparer.Ordinal);
        var operations = new List<string>();
        foreach (var (path, item) in Spec["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                var operation = method.ToUpperInvariant() + " " + path;
                if (method is "get" or "post" or "put" or "patch" or "delete" && !app.Contains(operation))
                    operations.Add(operation);
            }
        }

        return operations;
    }

    /// <summary>
    /// Checks a JSON answer against the response schema of an operation: every property the schema lists (after
    /// resolving $ref and allOf) must be present at the top level and in the items of a top-level <c>data</c>; deeper,
    /// the required ones; and every present value must have the schema's JSON type.
    /// </summary>
    public static void AssertMatches(string method, string path, int status, JsonNode? actual)
    {
        var operation = Spec["paths"]![path]![method.ToLowerInvariant()] ?? throw new InvalidOperationException($"No {method} {path} in the spec.");
        var response = Resolve(operation["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!);
        var schema = response["content"]!["application/json"]!["schema"]!;
        AssertSchema(schema, actual, $"{method} {path} {status}", 0, strict: true);
    }

    private static void AssertSchema(JsonNode schemaNode, JsonNode? actual, string where, int depth, bool strict)
    {
        var schema = Resolve(schemaNode);
        if (depth > 4 || actual is null)
            return;
        var type = schema["type"]?.GetValue<string>();
        if (type == "array")
        {
            Assert.True(actual is JsonArray, $"{where}: expected an array, got {actual.ToJsonString()}");
            if (actual.AsArray().Count > 0 && schema["items"] is { } items)
                AssertSchema(items, actual.AsArray()[0], where + "[0]", depth + 1, strict);
            return;
        }

        var properties = Properties(schema);
        if (properties.Count == 0)
            return;
        Assert.True(actual is JsonObject, $"{where}: expected an object, got {actual.ToJsonString()}");
        var obj = actual.AsObject();
        var required = Required(schema);
        foreach (var (name, propertySchema) in properties)
        {
            if (!strict && !required.Contains(name) && !obj.ContainsKey(name))
                continue;
            Assert.True(obj.ContainsKey(name), $"{where}: property '{name}' missing in {obj.ToJsonString()}");
            var resolved = Resolve(propertySchema);
            var expected = resolved["type"]?.GetValue<string>();
            var value = obj[name];
            if (value is null || expected is null)
                continue;
            var kind = value.GetValueKind();
            var ok = expected switch
            {
                "string" => kind == System.Text.Json.JsonValueKind.String,
                "integer" or "number" => kind == System.Text.Json.JsonValueKind.Number,
                "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
                "object" => kind == System.Text.Json.JsonValueKind.Object,
                "array" => kind == System.Text.Json.JsonValueKind.Array,
                _ => true,
            };
            Assert.True(ok, $"{where}.{name}: expected {expected}, got {value.ToJsonString()}");
            AssertSchema(propertySchema, value, where + "." + name, depth + 1, strict: depth == 0 && name == "data");
        }
    }

    private static HashSet<string> Required(JsonObject schema)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (schema["required"] is JsonArray names)
        {
            foreach (var name in names)
                result.Add(name!.GetValue<string>());
        }

        if (schema["allOf"] is JsonArray all)
        {
            foreach (var part in all)
                result.UnionWith(Required(Resolve(part!)));
        }

        return result;
    }

    private static Dictionary<string, JsonNode> Properties(JsonObject schema)
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (schema["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                foreach (var (k, v) in Properties(Resolve(part!)))
                    result[k] = v;
            }
        }

        if (schema["properties"] is JsonObject props)
        {
            foreach (var (k, v) in props)
                result[k] = v!;
        }

        return result;
    }

    private static JsonObject Resolve(JsonNode node)
    {
        var obj = node.AsObject();
        while (obj["$ref"] is { } reference)
        {
            var parts = reference.GetValue<string>().TrimStart('#', '/').Split('/');
            JsonNode current = Spec;
            foreach (var part in parts)
                current = current[part]!;
            obj = current.AsObject();
        }

        return obj;
    }

    private static string FindFolder()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "contract");
        if (File.Exists(Path.Combine(local, "openapi_service.json")))
            return local;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "dify-contract");
            if (File.Exists(Path.Combine(candidate, "openapi_service.json")))
                return candidate;
        }

        throw new InvalidOperationException("Dify's contract (shared/dify-contract) was not found next to the tests or above them.");
    }
}
