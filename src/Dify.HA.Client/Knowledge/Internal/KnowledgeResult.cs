namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>Dify's <c>{"result": "success"}</c> answer.</summary>
internal sealed record KnowledgeResult
{
    public string? Result { get; init; }
}
