namespace Dify.HA.Client;

/// <summary>A button of a Human Input form.</summary>
public sealed record DifyHumanInputAction
{
    /// <summary>The action id to pass as <c>action</c> when submitting the form.</summary>
    public string? Id { get; init; }

    /// <summary>Button label.</summary>
    public string? Title { get; init; }

    /// <summary><c>primary</c>, <c>default</c>, <c>accent</c> or <c>ghost</c>.</summary>
    public string? ButtonStyle { get; init; }
}
