namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>updateKnowledgeTag</c>.</summary>
internal sealed record TagUpdateBody(string TagId, string Name);
