namespace Dify.HA.Client;

/// <summary>The default value of a Human Input form field.</summary>
public sealed record DifyHumanInputDefault
{
    /// <summary><c>constant</c> (use <see cref="Value"/>) or <c>variable</c> (use <see cref="Selector"/>).</summary>
    public string? Type { get; init; }

    /// <summary>Path of the workflow variable, e.g. <c>["sys", "workflow_run_id"]</c>.</summary>
    public IReadOnlyList<string>? Selector { get; init; }

    /// <summary>The literal default.</summary>
    public string? Value { get; init; }
}
