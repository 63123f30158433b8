using System.Text.Json.Serialization;

namespace Dify.HA.Client.Resilience.Internal;

/// <summary>Source-generated JSON for the stop body the pipeline sends to a losing hedge.</summary>
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class HedgeJsonContext : JsonSerializerContext;
