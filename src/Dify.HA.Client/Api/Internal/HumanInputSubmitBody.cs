namespace Dify.HA.Client.Api;

/// <summary>The body of <c>POST /form/human_input/{form_token}</c>.</summary>
internal sealed record HumanInputSubmitBody(IReadOnlyDictionary<string, object?> Inputs, string Action, string User);
