namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>deleteKnowledgeTag</c>.</summary>
internal sealed record TagIdBody(string TagId);
