using System.Text.Json.Nodes;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>The Knowledge API operations of the contract's OpenAPI spec: every path under /datasets and /workspaces.</summary>
internal static class KnowledgeSpec
{
    public static JsonNode Load()
        => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contract", "openapi_service.json")))!;

    public static Dictionary<string, (string Method, string Path)> Operations(JsonNode spec)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (path, operations) in spec["paths"]!.AsObject())
        {
            if (!path.StartsWith("/datasets", StringComparison.Ordinal) && !path.StartsWith("/workspaces", StringComparison.Ordinal)) continue;
            foreach (var (method, op) in operations!.AsObject())
                if (op?["operationId"] is { } id) result[id.GetValue<string>()] = (method.ToUpperInvariant(), path);
        }
        return result;
    }
}
