namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of the status and zip-download calls.</summary>
internal sealed record DocumentIdsBody(IReadOnlyList<string> DocumentIds);
