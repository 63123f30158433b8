namespace Dify.HA.Client;

/// <summary>One input of a Human Input form.</summary>
public sealed record DifyHumanInputField
{
    /// <summary><c>paragraph</c>, <c>select</c>, <c>file</c> or <c>file-list</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The variable the submitted value is stored in (the key in the submission's <c>inputs</c>).</summary>
    public string? OutputVariableName { get; init; }

    /// <summary>The configured default, or null.</summary>
    public DifyHumanInputDefault? Default { get; init; }
}
