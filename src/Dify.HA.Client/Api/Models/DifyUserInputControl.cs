using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>One input variable of the app's form (the value of a <c>text-input</c>, <c>paragraph</c>, <c>select</c>, … entry).</summary>
public sealed record DifyUserInputControl
{
    /// <summary>The label shown to users.</summary>
    public string? Label { get; init; }

    /// <summary>The variable name to use as a key of <c>Inputs</c>.</summary>
    public string? Variable { get; init; }

    /// <summary>Whether the variable is required.</summary>
    public bool? Required { get; init; }

    /// <summary>The default value, as Dify sends it.</summary>
    public JsonElement? Default { get; init; }

    /// <summary>The choices of a <c>select</c>.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>The maximum length of a text, if set.</summary>
    public int? MaxLength { get; init; }
}
