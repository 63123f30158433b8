namespace Dify.HA.Client.Api;

/// <summary>The body of <c>POST /conversations/{id}/name</c>.</summary>
internal sealed record RenameConversationBody(string? Name, bool AutoGenerate, string User);
